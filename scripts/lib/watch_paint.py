#!/usr/bin/env python3
"""Watches an X display until what it shows has settled, and says when it changed.

    watch_paint.py --t0 NANOS [--blank SUM] [--settle S] [--timeout S] [--pid PID] [--interval S]
                   [--tolerance SHARE] [--save FILE.png] [--frames DIR]
    watch_paint.py --once      (prints the checksum of the screen as it is: the empty screen)

Used by scripts/measure-startup.sh and scripts/measure-memory.sh on a private Xvfb display
where one window starts up. Every --interval seconds it reads the whole screen (XGetImage on the
root window, through Xlib with ctypes: no external tool per frame, so the polling costs a few
milliseconds a frame rather than a process start) and compares a checksum with the last one.

It stops when the screen has not changed for --settle seconds (or at --timeout, or when --pid
exits) and prints one line of key=value pairs, times in milliseconds after --t0 (a
CLOCK_REALTIME time in nanoseconds, e.g. `date +%s%N` just before the app was started):

    shown=412 painted=951 settled=1 frames=38 changes=5

- shown: the first frame that differs from the empty screen (the window mapped and drawn);
- painted: the first frame of the final, unchanging picture: everything the window was going
  to draw on start-up had been drawn. With the default --tolerance 0 that is when the screen
  last changed (last_change), so a window that shows a placeholder first and its data later
  counts as painted only once the data is on screen. A --tolerance above 0 lets that share of
  sampled colour values still differ (for an animation that runs on after the paint);
- settled: 1 if it stopped because the screen was unchanged for --settle seconds.

--save writes the final frame as a PNG: look at it to see that what was measured is what was
meant (the dashboard with its data, say). --frames writes every frame that changed, named by
its time, to see the order things were drawn in (it slows the watcher down).
"""

import argparse
import ctypes
import os
import struct
import sys
import time
import zlib


class _Funcs(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_void_p)
        for name in ("create_image", "destroy_image", "get_pixel", "put_pixel", "sub_image", "add_pixel")
    ]


class _XImage(ctypes.Structure):
    # Xlib's XImage, as declared in X11/Xlib.h.
    _fields_ = [
        ("width", ctypes.c_int),
        ("height", ctypes.c_int),
        ("xoffset", ctypes.c_int),
        ("format", ctypes.c_int),
        ("data", ctypes.c_void_p),
        ("byte_order", ctypes.c_int),
        ("bitmap_unit", ctypes.c_int),
        ("bitmap_bit_order", ctypes.c_int),
        ("bitmap_pad", ctypes.c_int),
        ("depth", ctypes.c_int),
        ("bytes_per_line", ctypes.c_int),
        ("bits_per_pixel", ctypes.c_int),
        ("red_mask", ctypes.c_ulong),
        ("green_mask", ctypes.c_ulong),
        ("blue_mask", ctypes.c_ulong),
        ("obdata", ctypes.c_void_p),
        ("f", _Funcs),
    ]


_DESTROY = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(_XImage))
_ALL_PLANES = 0xFFFFFFFF
_Z_PIXMAP = 2


class Screen:
    """The root window of $DISPLAY, read whole."""

    def __init__(self, wait_s):
        self.x = ctypes.CDLL("libX11.so.6")
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XDefaultScreen.argtypes = [ctypes.c_void_p]
        self.x.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x.XGetImage.restype = ctypes.POINTER(_XImage)
        self.x.XGetImage.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
        ]
        deadline = time.monotonic() + wait_s
        self.display = self.x.XOpenDisplay(None)
        while not self.display and time.monotonic() < deadline:
            time.sleep(0.05)
            self.display = self.x.XOpenDisplay(None)
        if not self.display:
            sys.exit(f"watch_paint: cannot open display {os.environ.get('DISPLAY')!r}")
        screen = self.x.XDefaultScreen(self.display)
        self.width = self.x.XDisplayWidth(self.display, screen)
        self.height = self.x.XDisplayHeight(self.display, screen)
        self.root = self.x.XDefaultRootWindow(self.display)

    def grab(self):
        """The screen's pixels (32 bits each, as the server stores them) and its row stride."""
        image = self.x.XGetImage(
            self.display, self.root, 0, 0, self.width, self.height, _ALL_PLANES, _Z_PIXMAP
        )
        if not image:
            sys.exit("watch_paint: XGetImage failed")
        im = image.contents
        data = ctypes.string_at(im.data, im.bytes_per_line * im.height)
        stride, bpp = im.bytes_per_line, im.bits_per_pixel
        _DESTROY(im.f.destroy_image)(image)
        if bpp != 32:
            sys.exit(f"watch_paint: expected a 24-bit display (32 bits a pixel), got {bpp}")
        return data, stride


def write_png(path, data, stride, width, height):
    """A PNG of the frame (Xvfb's 24-bit visual stores pixels as little-endian BGRX)."""
    rows = bytearray()
    for y in range(height):
        line = data[y * stride : y * stride + width * 4]
        rgb = bytearray(width * 3)
        rgb[0::3] = line[2::4]
        rgb[1::3] = line[1::4]
        rgb[2::3] = line[0::4]
        rows += b"\x00" + rgb

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(chunk(b"IDAT", zlib.compress(bytes(rows), 6)))
        out.write(chunk(b"IEND", b""))


def alive(pid):
    if pid is None:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def thumbnail(data, stride, width, height, step=4):
    """Every `step`-th pixel of every `step`-th row, as bytes: enough to compare pictures."""
    rows = []
    view = memoryview(data)
    for y in range(0, height, step):
        row = view[y * stride : y * stride + width * 4]
        rows.append(bytes(row[0 :: 4 * step]) + bytes(row[1 :: 4 * step]) + bytes(row[2 :: 4 * step]))
    return b"".join(rows)


def difference(a, b):
    """The share of sampled colour values that differ between two thumbnails."""
    if len(a) != len(b):
        return 1.0
    xor = (int.from_bytes(a, "little") ^ int.from_bytes(b, "little")).to_bytes(len(a), "little")
    return (len(a) - xor.count(0)) / len(a)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--t0", type=int, help="start time, ns since the epoch")
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--interval", type=float, default=0.02)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--blank", help="checksum of the empty screen (default: the first frame)")
    parser.add_argument(
        "--tolerance", type=float, default=0.0,
        help="share of sampled colour values that may still differ from the final picture once painted",
    )
    parser.add_argument("--save")
    parser.add_argument("--frames", help="a directory to write every changed frame to (slow: to debug)")
    parser.add_argument("--once", action="store_true", help="print the screen's checksum and exit")
    args = parser.parse_args()

    screen = Screen(wait_s=10)
    if args.once:
        print(zlib.crc32(screen.grab()[0]))
        return
    if args.t0 is None:
        parser.error("--t0 is required")
    ms = lambda ns: (ns - args.t0) // 1_000_000
    data, stride = screen.grab()
    blank = int(args.blank) if args.blank else zlib.crc32(data)
    last, shown, frames = blank, None, 1
    changes = []  # (time, thumbnail) of every frame that differed from the one before
    last_change_ns = time.time_ns()
    settled = 0
    while True:
        taken = time.time_ns()
        data, stride = screen.grab()
        frames += 1
        checksum = zlib.crc32(data)
        if checksum != last:
            last, last_change_ns = checksum, taken
            if shown is None:
                shown = taken
            changes.append((taken, thumbnail(data, stride, screen.width, screen.height)))
            if args.frames:
                write_png(f"{args.frames}/{ms(taken):06d}.png", data, stride, screen.width, screen.height)
        if shown is not None and taken - last_change_ns >= args.settle * 1e9:
            settled = 1
            break
        if taken - args.t0 >= args.timeout * 1e9 or not alive(args.pid):
            break
        time.sleep(args.interval)
    if args.save:
        write_png(args.save, data, stride, screen.width, screen.height)
    # Painted: from this frame on, the screen stayed within the tolerance of its final picture
    # (with no tolerance: the frame of the last change).
    painted = None
    if changes:
        final = changes[-1][1]
        painted = changes[-1][0]
        for taken, thumb in reversed(changes):
            if difference(thumb, final) > args.tolerance:
                break
            painted = taken
    fields = {
        "shown": ms(shown) if shown else -1,
        "painted": ms(painted) if painted else -1,
        "last_change": ms(last_change_ns) if changes else -1,
        "settled": settled,
        "frames": frames,
        "changes": len(changes),
    }
    print(" ".join(f"{k}={v}" for k, v in fields.items()))


if __name__ == "__main__":
    main()
