//! Where assets come from besides Webflow itself.

pub mod cache;
pub mod demo;
pub mod demo_server;
