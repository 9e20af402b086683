// math_builtins.cu: the CUDA math library in typical use: single and double
// precision functions, sincosf with output pointers, saturation, NaN checks,
// overloaded sqrt/exp on float, integer abs/min/max, rounding conversions.
// Exercises: sinf/cosf/tanf/expf/logf/powf/sqrtf/rsqrtf/fabsf/floorf/ceilf/
// fmodf/atan2f/hypotf/copysignf/erff, sincosf(x, &s, &c), __saturatef,
// isnan/isinf, sqrt(float) and exp(double) overloads, __float2int_rn,
// lroundf, fmaf, abs/min/max on int, `1e-6f` and `1e-12` literals.
// EXPECT-KERNELS: trig_exp, polar, stats_double, rounding, safe_normalize

__global__ void trig_exp(const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = x[i];
    y[i] = sinf(v) * cosf(v) + tanf(v * 0.25f) + expf(-v * v) + logf(1.0f + fabsf(v)) +
           powf(fabsf(v), 1.5f) + sqrtf(fabsf(v)) + erff(v) + fmodf(v, 3.0f) +
           floorf(v) - ceilf(v);
}

__global__ void polar(const float2 *xy, float2 *rt, float2 *back, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float2 p = xy[i];
    float r = hypotf(p.x, p.y);
    float theta = atan2f(p.y, p.x);
    rt[i] = make_float2(r, theta);
    float s, c;
    sincosf(theta, &s, &c);
    back[i] = make_float2(copysignf(r * c, p.x), r * s);
}

__global__ void stats_double(const double *x, double *mean_out, double *norm_out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    double v = x[i];
    double e = exp(v) - 1.0;
    double l = log1p(fabs(v));
    mean_out[i] = 0.5 * (e + l);
    norm_out[i] = sqrt(v * v + 1e-12) + cbrt(v) + pow(fabs(v), 0.25);
}

__global__ void rounding(const float *x, int *r, long *lr, float *sat, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float v = x[i];
    r[i] = __float2int_rn(v) + abs((int)v) + min((int)v, 7) + max((int)v, -7);
    lr[i] = lroundf(v);
    sat[i] = __saturatef(fmaf(v, 0.5f, 0.5f)) + (float)(isnan(v) || isinf(v));
}

__global__ void safe_normalize(float3 *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float3 a = v[i];
    float len2 = a.x * a.x + a.y * a.y + a.z * a.z;
    float inv = len2 > 1e-6f ? rsqrtf(len2) : 0.0f;
    float len = sqrt(len2);  // the float overload of sqrt
    a.x *= inv;
    a.y *= inv;
    a.z *= inv;
    v[i] = len > 0.0f ? a : make_float3(0.0f, 0.0f, 1.0f);
}
