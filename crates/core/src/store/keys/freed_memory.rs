//! For tests that a secret is wiped before its memory is given back: this test binary's
//! allocator checks every block a watching thread frees (a `realloc` frees the old block too)
//! for the secret's bytes. Other threads, and this one when not watching, pay one
//! thread-local read per free.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Watching;

#[global_allocator]
static ALLOCATOR: Watching = Watching;

thread_local! {
    /// The bytes this thread watches for, as a pointer and length: a slice would need a
    /// lifetime, and the caller of `freed_holding` keeps them alive while they are watched.
    static PATTERN: Cell<Option<(*const u8, usize)>> = const { Cell::new(None) };
    static SEEN: Cell<bool> = const { Cell::new(false) };
}

// SAFETY: every allocation is System's; this only reads a block before handing it back.
unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = PATTERN.try_with(|pattern| {
            let Some((start, len)) = pattern.get() else {
                return;
            };
            // SAFETY: the block is still ours for `layout.size()` bytes (the spare capacity
            // of a string, never written, is read as whatever it holds: harmless here), and
            // the pattern is alive while watched.
            let (block, pattern) = unsafe {
                (
                    std::slice::from_raw_parts(ptr, layout.size()),
                    std::slice::from_raw_parts(start, len),
                )
            };
            if len > 0 && block.windows(len).any(|w| w == pattern) {
                SEEN.with(|seen| seen.set(true));
            }
        });
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Whether a block this thread freed while `work` ran still held `secret`.
pub(crate) fn freed_holding(secret: &[u8], work: impl FnOnce()) -> bool {
    SEEN.with(|seen| seen.set(false));
    PATTERN.with(|pattern| pattern.set(Some((secret.as_ptr(), secret.len()))));
    work();
    PATTERN.with(|pattern| pattern.set(None));
    SEEN.with(|seen| seen.get())
}
