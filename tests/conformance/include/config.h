// config.h: build configuration; guarded twice (include guard and pragma)
// because common_math.h and the main file both include it.
#ifndef CONFIG_H
#define CONFIG_H
#pragma once

#ifndef THREADS
#define THREADS 256
#endif
#define ELEMS_PER_THREAD 2

#endif
