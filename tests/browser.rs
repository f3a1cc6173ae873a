#![cfg(feature = "browser")]
