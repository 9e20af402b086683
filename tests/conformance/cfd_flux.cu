// cfd_flux.cu: the flux computation of an unstructured-grid Euler solver
// (Rodinia cfd "euler3d"): structure-of-arrays variables, float3 helpers
// with reference outputs, and per-neighbour flux accumulation.
// Exercises: #define'd variable offsets, __device__ inline functions with
// `float3 &` and `float &` output parameters, sqrtf, struct-free float3
// arithmetic, a loop over neighbours with `if / else if` chains, constant
// memory float3 and float arrays, `#pragma unroll` on a fixed neighbour count.
// EXPECT-KERNELS: cuda_compute_flux, cuda_time_step

#define GAMMA 1.4f
#define NDIM 3
#define NNB 4
#define VAR_DENSITY 0
#define VAR_MOMENTUM 1
#define VAR_DENSITY_ENERGY (VAR_MOMENTUM + NDIM)
#define NVAR (VAR_DENSITY_ENERGY + 1)

__constant__ float ff_variable[NVAR];
__constant__ float3 ff_flux_contribution_momentum_x[1];
__constant__ float3 ff_flux_contribution_density_energy[1];

__device__ inline void compute_velocity(float &density, float3 &momentum, float3 &velocity)
{
    velocity.x = momentum.x / density;
    velocity.y = momentum.y / density;
    velocity.z = momentum.z / density;
}

__device__ inline float compute_speed_sqd(float3 &velocity)
{
    return velocity.x * velocity.x + velocity.y * velocity.y + velocity.z * velocity.z;
}

__device__ inline float compute_pressure(float &density, float &density_energy, float &speed_sqd)
{
    return (float(GAMMA) - float(1.0f)) * (density_energy - float(0.5f) * density * speed_sqd);
}

__device__ inline float compute_speed_of_sound(float &density, float &pressure)
{
    return sqrtf(float(GAMMA) * pressure / density);
}

__global__ void cuda_compute_flux(int nelr, const int *elements_surrounding_elements, const float *normals,
                                  const float *variables, float *fluxes)
{
    const float smoothing_coefficient = float(0.2f);
    const int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i >= nelr) return;

    float density_i = variables[i + VAR_DENSITY * nelr];
    float3 momentum_i;
    momentum_i.x = variables[i + (VAR_MOMENTUM + 0) * nelr];
    momentum_i.y = variables[i + (VAR_MOMENTUM + 1) * nelr];
    momentum_i.z = variables[i + (VAR_MOMENTUM + 2) * nelr];
    float density_energy_i = variables[i + VAR_DENSITY_ENERGY * nelr];

    float3 velocity_i;
    compute_velocity(density_i, momentum_i, velocity_i);
    float speed_sqd_i = compute_speed_sqd(velocity_i);
    float speed_i = sqrtf(speed_sqd_i);
    float pressure_i = compute_pressure(density_i, density_energy_i, speed_sqd_i);
    float speed_of_sound_i = compute_speed_of_sound(density_i, pressure_i);

    float flux_i_density = float(0.0f);
    float3 flux_i_momentum = make_float3(0.0f, 0.0f, 0.0f);
    float flux_i_density_energy = float(0.0f);

#pragma unroll
    for (int j = 0; j < NNB; j++) {
        int nb = elements_surrounding_elements[i + j * nelr];
        float3 normal;
        normal.x = normals[i + (j + 0 * NNB) * nelr];
        normal.y = normals[i + (j + 1 * NNB) * nelr];
        normal.z = normals[i + (j + 2 * NNB) * nelr];
        float normal_len = sqrtf(normal.x * normal.x + normal.y * normal.y + normal.z * normal.z);

        if (nb >= 0) {
            float density_nb = variables[nb + VAR_DENSITY * nelr];
            float3 momentum_nb;
            momentum_nb.x = variables[nb + (VAR_MOMENTUM + 0) * nelr];
            momentum_nb.y = variables[nb + (VAR_MOMENTUM + 1) * nelr];
            momentum_nb.z = variables[nb + (VAR_MOMENTUM + 2) * nelr];
            float density_energy_nb = variables[nb + VAR_DENSITY_ENERGY * nelr];
            float3 velocity_nb;
            compute_velocity(density_nb, momentum_nb, velocity_nb);
            float speed_sqd_nb = compute_speed_sqd(velocity_nb);
            float pressure_nb = compute_pressure(density_nb, density_energy_nb, speed_sqd_nb);
            float speed_of_sound_nb = compute_speed_of_sound(density_nb, pressure_nb);

            float factor = -normal_len * smoothing_coefficient * float(0.5f) *
                           (speed_i + sqrtf(speed_sqd_nb) + speed_of_sound_i + speed_of_sound_nb);
            flux_i_density += factor * (density_i - density_nb);
            flux_i_density_energy += factor * (density_energy_i - density_energy_nb);
            flux_i_momentum.x += factor * (momentum_i.x - momentum_nb.x);
            flux_i_momentum.y += factor * (momentum_i.y - momentum_nb.y);
            flux_i_momentum.z += factor * (momentum_i.z - momentum_nb.z);
        } else if (nb == -1) {  // wing boundary
            flux_i_momentum.x += normal.x * pressure_i;
            flux_i_momentum.y += normal.y * pressure_i;
            flux_i_momentum.z += normal.z * pressure_i;
        } else if (nb == -2) {  // far field
            float factor = float(0.5f) * normal.x;
            flux_i_density += factor * (ff_variable[VAR_MOMENTUM + 0] + momentum_i.x);
            flux_i_density_energy += factor * (ff_flux_contribution_density_energy[0].x);
            flux_i_momentum.x += factor * (ff_flux_contribution_momentum_x[0].x);
        }
    }

    fluxes[i + VAR_DENSITY * nelr] = flux_i_density;
    fluxes[i + (VAR_MOMENTUM + 0) * nelr] = flux_i_momentum.x;
    fluxes[i + (VAR_MOMENTUM + 1) * nelr] = flux_i_momentum.y;
    fluxes[i + (VAR_MOMENTUM + 2) * nelr] = flux_i_momentum.z;
    fluxes[i + VAR_DENSITY_ENERGY * nelr] = flux_i_density_energy;
}

__global__ void cuda_time_step(int j, int nelr, const float *old_variables, float *variables,
                               const float *step_factors, const float *fluxes)
{
    const int i = blockDim.x * blockIdx.x + threadIdx.x;
    if (i >= nelr) return;
    float factor = step_factors[i] / float(3 + 1 - j);
    for (int v = 0; v < NVAR; v++) {
        variables[i + v * nelr] = old_variables[i + v * nelr] + factor * fluxes[i + v * nelr];
    }
}
