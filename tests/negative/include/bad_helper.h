// bad_helper.h: a helper header whose body uses an undeclared name.
__device__ inline float apply_gain(float x)
{
    return x * gain;
}
