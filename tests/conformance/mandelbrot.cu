// mandelbrot.cu: whole program. Renders the Mandelbrot set into a uchar4
// image with __device__ helper functions and writes a PPM file.
// Exercises: __device__ __forceinline__ helpers returning float2 and
// uchar4, make_float2/make_uchar4, a while loop with a compound condition,
// int->float casts and float->unsigned char conversions, 2-D launch with dim3
// computed from the image size, host std::vector<uchar4>, fopen/fprintf.
// EXPECT-KERNELS: mandelbrot_kernel

#include <cstdio>
#include <vector>
#include <cuda_runtime.h>

__device__ __forceinline__ float2 complex_sq(float2 z)
{
    return make_float2(z.x * z.x - z.y * z.y, 2.0f * z.x * z.y);
}

__device__ int mandel_iters(float cr, float ci, int max_iter)
{
    float2 z = make_float2(0.0f, 0.0f);
    int n = 0;
    while (n < max_iter && z.x * z.x + z.y * z.y <= 4.0f) {
        z = complex_sq(z);
        z.x += cr;
        z.y += ci;
        ++n;
    }
    return n;
}

__device__ uchar4 color_map(int n, int max_iter)
{
    if (n == max_iter) return make_uchar4(0, 0, 0, 255);
    float t = (float)n / (float)max_iter;
    unsigned char r = (unsigned char)(9.0f * (1.0f - t) * t * t * t * 255.0f);
    unsigned char g = (unsigned char)(15.0f * (1.0f - t) * (1.0f - t) * t * t * 255.0f);
    unsigned char b = (unsigned char)(8.5f * (1.0f - t) * (1.0f - t) * (1.0f - t) * t * 255.0f);
    return make_uchar4(r, g, b, 255);
}

__global__ void mandelbrot_kernel(uchar4 *img, int width, int height, float x0, float y0,
                                  float dx, float dy, int max_iter)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= width || y >= height) return;
    int n = mandel_iters(x0 + x * dx, y0 + y * dy, max_iter);
    img[y * width + x] = color_map(n, max_iter);
}

int main(int argc, char **argv)
{
    const int width = 1024, height = 768, max_iter = 256;
    std::vector<uchar4> image(width * height);

    uchar4 *d_img = nullptr;
    if (cudaMalloc(&d_img, image.size() * sizeof(uchar4)) != cudaSuccess) {
        fprintf(stderr, "cudaMalloc failed\n");
        return 1;
    }
    dim3 block(16, 16);
    dim3 grid((width + block.x - 1) / block.x, (height + block.y - 1) / block.y);
    mandelbrot_kernel<<<grid, block>>>(d_img, width, height, -2.5f, -1.0f, 3.5f / width,
                                       2.0f / height, max_iter);
    cudaMemcpy(image.data(), d_img, image.size() * sizeof(uchar4), cudaMemcpyDeviceToHost);
    cudaFree(d_img);

    FILE *f = fopen("mandelbrot.ppm", "wb");
    if (!f) return 1;
    fprintf(f, "P6\n%d %d\n255\n", width, height);
    for (const uchar4 &p : image) {
        fputc(p.x, f);
        fputc(p.y, f);
        fputc(p.z, f);
    }
    fclose(f);
    return 0;
}
