// kmeans_distance.cu: the assignment step of k-means (Rodinia kmeans_cuda
// style): features transposed to feature-major order, cluster centres in
// constant memory, each thread finding its nearest centre.
// Exercises: __constant__ float array sized by a macro product, FLT_MAX from
// <float.h>, 2-D grid flattened into a block id, `const unsigned int` ids
// compared with int counts, `float ans = 0.0` (double literal narrowed),
// nested loops with an argmin.
// EXPECT-KERNELS: invert_mapping, kmeansPoint

#include <float.h>

#define ASSUMED_NR_CLUSTERS 32
#define MAX_FEATURES 34

__constant__ float c_clusters[ASSUMED_NR_CLUSTERS * MAX_FEATURES];

__global__ void invert_mapping(float *input, float *output, int npoints, int nfeatures)
{
    int point_id = threadIdx.x + blockDim.x * blockIdx.x;
    int i;
    if (point_id < npoints) {
        for (i = 0; i < nfeatures; i++)
            output[point_id + npoints * i] = input[point_id * nfeatures + i];
    }
}

__global__ void kmeansPoint(float *features, int nfeatures, int npoints, int nclusters,
                            int *membership, float *block_clusters, int *block_deltas)
{
    const unsigned int block_id = gridDim.x * blockIdx.y + blockIdx.x;
    const unsigned int point_id = block_id * blockDim.x * blockDim.y + threadIdx.x;

    int index = -1;
    if (point_id < npoints) {
        int i, j;
        float min_dist = FLT_MAX;
        float dist;
        for (i = 0; i < nclusters; i++) {
            int cluster_base_index = i * nfeatures;
            float ans = 0.0;
            for (j = 0; j < nfeatures; j++) {
                int addr = point_id + j * npoints;
                float diff = (features[addr] - c_clusters[cluster_base_index + j]);
                ans += diff * diff;
            }
            dist = ans;
            if (dist < min_dist) {
                min_dist = dist;
                index = i;
            }
        }
    }
    if (point_id < npoints) {
        if (membership[point_id] != index) atomicAdd(&block_deltas[blockIdx.x], 1);
        membership[point_id] = index;
    }
}
