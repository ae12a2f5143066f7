//! Where assets come from besides Webflow itself.

pub mod atomic;
pub mod cache;
pub mod demo;
pub mod demo_server;
