//! What the preview pane shows for one request. Its own module because three
//! parties share it and none should depend on another for it: the worker makes
//! it, `Msg::Preview` carries it, the App's preview state keeps it (and `msg`
//! must not import `app`).

use std::sync::Arc;

use ratatui_image::protocol::Protocol;

use crate::thumbnail::ThumbError;

/// A ready thumbnail (encoded for the terminal's graphics protocol). Shared,
/// not copied: the worker's cache and the preview state hold the same one.
#[derive(Clone)]
pub struct Thumb(pub Arc<Protocol>);

impl std::fmt::Debug for Thumb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Thumb")
    }
}

/// Two thumbs are equal when they are the same encoding (comparing pixels
/// would cost a frame's budget and say nothing more).
impl PartialEq for Thumb {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PreviewContent {
    Loading,
    Image(Thumb),
    /// A label instead of an image (documents).
    Text(String),
    /// Why there is no thumbnail (worded where the pane is drawn).
    Failed(ThumbError),
}
