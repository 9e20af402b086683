// Built-in <helper_functions.h> (cuda-samples): host-only helpers.
#pragma once
#include <helper_string.h>
