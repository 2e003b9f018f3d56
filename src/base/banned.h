/*
 * banned.h - functions that must not be used in Levera.
 *
 * Forced into every file of src/ by the compiler's -include flag.  It first
 * includes the system headers that declare these functions (their include
 * guards then make later includes no-ops), then turns each name into a
 * compile error.  Safer replacements are listed in HACKING.md.
 */
#ifndef LEVERA_BANNED_H
#define LEVERA_BANNED_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BANNED(func) sorry_##func##_is_banned_in_levera

#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef localtime_r
#define localtime_r(t, tm) BANNED(localtime_r)
#undef gets
#define gets(x) BANNED(gets)

#endif
