// Vectorised float32 math for the optional native kernels (see clrec-native.c). Compiled on its own
// with -ffast-math -fopenmp-simd so that GCC calls glibc's libmvec (8 floats per call with AVX2);
// nothing here tests for NaN or infinity, so the fast-math assumptions do not change results.
#include <math.h>

void clrec_vexp(const float *x, float *y, long n) {
#pragma omp simd
  for (long i = 0; i < n; i++) y[i] = expf(x[i]);
}

void clrec_vtanh(const float *x, float *y, long n) {
#pragma omp simd
  for (long i = 0; i < n; i++) y[i] = tanhf(x[i]);
}
