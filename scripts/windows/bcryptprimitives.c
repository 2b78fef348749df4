/* Wine 8 has no bcryptprimitives.dll, and Rust's standard library (1.78 and later) imports
 * ProcessPrng from it for every HashMap seed and random number, so a Windows test binary dies
 * before main under Wine. Real Windows 10 and 11 ship this DLL; this stand-in exists only for the
 * Wine prefix of scripts/test-windows.sh. ProcessPrng fills the buffer from the system RNG
 * through BCryptGenRandom, which Wine implements. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
