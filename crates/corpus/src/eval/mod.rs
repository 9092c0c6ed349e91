//! Evaluation sets and measures of the corpus layer (used by `parallax eval duplicates |
//! events | disputes | alignment` and `parallax train disputes`).

pub mod alignment;
pub mod bcubed;
pub mod fnc1;
pub mod neardup;
