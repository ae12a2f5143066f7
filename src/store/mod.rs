//! Where assets come from besides Webflow itself.

pub mod demo;
pub mod demo_server;
