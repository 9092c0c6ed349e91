//! Evaluation sets and measures of the corpus layer (used by `parallax eval duplicates |
//! events | disputes` and `parallax train disputes`).

pub mod bcubed;
pub mod fnc1;
pub mod neardup;
