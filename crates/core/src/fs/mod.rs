//! The file system below everything else: files only their owner can read ([`private`]) and
//! writes, renames and removals that survive a crash or a power cut ([`atomic`]). It knows
//! nothing of databases, exports or rules; everything that writes a file goes through here.

pub mod atomic;
pub mod private;
