// The bundled single-precision GEMM of the native kernels: C = op(A) · op(B), row-major, so the addon
// needs nothing from the system (no BLAS library). Goto/BLIS structure: B is packed in KC x 16 column
// panels, A in 6 x KC row panels, and a 6 x 16 micro-kernel (AVX2 + FMA when the CPU has them,
// chosen at run time, else portable C the compiler vectorises) runs over the packed blocks.
// Threads split C into disjoint column (or row) ranges, each packing its own panels. Every element
// of C is summed over k in the same order whatever the thread count or split, so results are
// bit-identical for 1 or N threads.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CLREC_X86 1
#endif

#define MR 6
#define NR 16
#define KC 256
#define MC 120
#define NC 3072

typedef struct {
  int ta, tb, M, N, K, lda, ldb, ldc;
  const float *A, *B;
  float *C;
} Gemm;

// ---- micro-kernels: c[0:6, 0:16] (+)= a-panel · b-panel over kc ---------------------------------

static void kernel_c(int kc, const float *a, const float *b, float *c, int ldc, int accumulate) {
  float acc[MR][NR];
  memset(acc, 0, sizeof(acc));
  for (int p = 0; p < kc; p++) {
    for (int r = 0; r < MR; r++) {
      const float ar = a[r];
      for (int j = 0; j < NR; j++) acc[r][j] += ar * b[j];
    }
    a += MR;
    b += NR;
  }
  for (int r = 0; r < MR; r++) {
    float *cr = c + (size_t)r * ldc;
    if (accumulate) {
      for (int j = 0; j < NR; j++) cr[j] += acc[r][j];
    } else {
      for (int j = 0; j < NR; j++) cr[j] = acc[r][j];
    }
  }
}

#ifdef CLREC_X86
__attribute__((target("avx2,fma"))) static void kernel_avx2(int kc, const float *a, const float *b, float *c, int ldc,
                                                            int accumulate) {
  __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
  __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps(), c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
  __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps(), c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
  for (int p = 0; p < kc; p++) {
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    __m256 ar = _mm256_broadcast_ss(a);
    c00 = _mm256_fmadd_ps(ar, b0, c00);
    c01 = _mm256_fmadd_ps(ar, b1, c01);
    ar = _mm256_broadcast_ss(a + 1);
    c10 = _mm256_fmadd_ps(ar, b0, c10);
    c11 = _mm256_fmadd_ps(ar, b1, c11);
    ar = _mm256_broadcast_ss(a + 2);
    c20 = _mm256_fmadd_ps(ar, b0, c20);
    c21 = _mm256_fmadd_ps(ar, b1, c21);
    ar = _mm256_broadcast_ss(a + 3);
    c30 = _mm256_fmadd_ps(ar, b0, c30);
    c31 = _mm256_fmadd_ps(ar, b1, c31);
    ar = _mm256_broadcast_ss(a + 4);
    c40 = _mm256_fmadd_ps(ar, b0, c40);
    c41 = _mm256_fmadd_ps(ar, b1, c41);
    ar = _mm256_broadcast_ss(a + 5);
    c50 = _mm256_fmadd_ps(ar, b0, c50);
    c51 = _mm256_fmadd_ps(ar, b1, c51);
    a += MR;
    b += NR;
  }
#define CLREC_STORE(r, lo, hi)                                                   \
  do {                                                                           \
    float *cr = c + (size_t)(r) * ldc;                                           \
    if (accumulate) {                                                            \
      lo = _mm256_add_ps(lo, _mm256_loadu_ps(cr));                               \
      hi = _mm256_add_ps(hi, _mm256_loadu_ps(cr + 8));                           \
    }                                                                            \
    _mm256_storeu_ps(cr, lo);                                                    \
    _mm256_storeu_ps(cr + 8, hi);                                                \
  } while (0)
  CLREC_STORE(0, c00, c01);
  CLREC_STORE(1, c10, c11);
  CLREC_STORE(2, c20, c21);
  CLREC_STORE(3, c30, c31);
  CLREC_STORE(4, c40, c41);
  CLREC_STORE(5, c50, c51);
#undef CLREC_STORE
}
#endif

typedef void (*kernel_fn)(int, const float *, const float *, float *, int, int);
static kernel_fn kernel = NULL;
static const char *kernel_name = "portable C";

/** Picks the micro-kernel for this CPU (once). `force_portable` skips the SIMD one. */
void clrec_sgemm_init(int force_portable) {
  kernel = kernel_c;
  kernel_name = "portable C";
#ifdef CLREC_X86
  __builtin_cpu_init();
  if (!force_portable && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    kernel = kernel_avx2;
    kernel_name = "AVX2+FMA";
  }
#endif
  (void)force_portable;
}

/** The micro-kernel in use, e.g. "AVX2+FMA". */
const char *clrec_sgemm_kernel(void) { return kernel_name; }

// ---- packing -----------------------------------------------------------------------------------

// op(B)[pc : pc+kc, jc : jc+nc] into 16-column panels, each kc x 16, zero-padded past nc.
static void pack_b(const Gemm *g, int pc, int kc, int jc, int nc, float *dst) {
  for (int j0 = 0; j0 < nc; j0 += NR) {
    const int nr = nc - j0 < NR ? nc - j0 : NR;
    if (!g->tb) {
      for (int p = 0; p < kc; p++) {
        const float *src = g->B + (size_t)(pc + p) * g->ldb + jc + j0;
        float *d = dst + (size_t)p * NR;
        for (int j = 0; j < nr; j++) d[j] = src[j];
        for (int j = nr; j < NR; j++) d[j] = 0;
      }
    } else {
      for (int j = 0; j < nr; j++) {
        const float *src = g->B + (size_t)(jc + j0 + j) * g->ldb + pc;
        for (int p = 0; p < kc; p++) dst[(size_t)p * NR + j] = src[p];
      }
      for (int j = nr; j < NR; j++)
        for (int p = 0; p < kc; p++) dst[(size_t)p * NR + j] = 0;
    }
    dst += (size_t)kc * NR;
  }
}

// op(A)[ic : ic+mc, pc : pc+kc] into 6-row panels, each kc x 6, zero-padded past mc.
static void pack_a(const Gemm *g, int ic, int mc, int pc, int kc, float *dst) {
  for (int i0 = 0; i0 < mc; i0 += MR) {
    const int mr = mc - i0 < MR ? mc - i0 : MR;
    if (!g->ta) {
      for (int i = 0; i < mr; i++) {
        const float *src = g->A + (size_t)(ic + i0 + i) * g->lda + pc;
        for (int p = 0; p < kc; p++) dst[(size_t)p * MR + i] = src[p];
      }
      for (int i = mr; i < MR; i++)
        for (int p = 0; p < kc; p++) dst[(size_t)p * MR + i] = 0;
    } else {
      for (int p = 0; p < kc; p++) {
        const float *src = g->A + (size_t)(pc + p) * g->lda + ic + i0;
        float *d = dst + (size_t)p * MR;
        for (int i = 0; i < mr; i++) d[i] = src[i];
        for (int i = mr; i < MR; i++) d[i] = 0;
      }
    }
    dst += (size_t)kc * MR;
  }
}

// ---- one thread's block of C: rows [m0, m1), columns [n0, n1) ----------------------------------

static __thread float *buf_a = NULL, *buf_b = NULL;
static __thread size_t cap_a = 0, cap_b = 0;

static float *grow(float **buf, size_t *cap, size_t floats) {
  if (*cap >= floats) return *buf;
  free(*buf);
  *buf = aligned_alloc(64, ((floats * sizeof(float) + 63) / 64) * 64);
  *cap = *buf ? floats : 0;
  return *buf;
}

static int block(const Gemm *g, int m0, int m1, int n0, int n1) {
  float *pa = grow(&buf_a, &cap_a, (size_t)KC * (MC + MR));
  float *pb = grow(&buf_b, &cap_b, (size_t)KC * (NC + NR));
  if (pa == NULL || pb == NULL) return -1;
  float edge[MR * NR] __attribute__((aligned(64)));
  for (int jc = n0; jc < n1; jc += NC) {
    const int nc = n1 - jc < NC ? n1 - jc : NC;
    for (int pc = 0; pc < g->K; pc += KC) {
      const int kc = g->K - pc < KC ? g->K - pc : KC;
      pack_b(g, pc, kc, jc, nc, pb);
      for (int ic = m0; ic < m1; ic += MC) {
        const int mc = m1 - ic < MC ? m1 - ic : MC;
        pack_a(g, ic, mc, pc, kc, pa);
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = nc - jr < NR ? nc - jr : NR;
          const float *bp = pb + (size_t)jr * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            const int mr = mc - ir < MR ? mc - ir : MR;
            const float *ap = pa + (size_t)ir * kc;
            float *c = g->C + (size_t)(ic + ir) * g->ldc + jc + jr;
            if (mr == MR && nr == NR) {
              kernel(kc, ap, bp, c, g->ldc, pc > 0);
            } else {
              kernel(kc, ap, bp, edge, NR, 0);
              for (int i = 0; i < mr; i++)
                for (int j = 0; j < nr; j++) {
                  float *d = c + (size_t)i * g->ldc + j;
                  *d = pc > 0 ? *d + edge[i * NR + j] : edge[i * NR + j];
                }
            }
          }
        }
      }
    }
  }
  return 0;
}

// ---- a small persistent thread pool ------------------------------------------------------------

typedef void (*part_fn)(void *arg, int part, int parts);

#define MAX_THREADS 64
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_go = PTHREAD_COND_INITIALIZER, pool_done = PTHREAD_COND_INITIALIZER;
static int pool_workers = 0;
static unsigned long pool_gen = 0;
static int pool_pending = 0, pool_parts = 0;
static part_fn pool_fn = NULL;
static void *pool_arg = NULL;

static unsigned long start_gen[MAX_THREADS];

static void *worker(void *p) {
  const int id = (int)(size_t)p;
  pthread_mutex_lock(&pool_mu);
  // The generation when this worker was created (under the lock): a job posted before the worker
  // first runs is still seen as new.
  unsigned long seen = start_gen[id];
  for (;;) {
    while (pool_gen == seen) pthread_cond_wait(&pool_go, &pool_mu);
    seen = pool_gen;
    part_fn fn = pool_fn;
    void *arg = pool_arg;
    const int parts = pool_parts;
    pthread_mutex_unlock(&pool_mu);
    if (id < parts) fn(arg, id, parts);
    pthread_mutex_lock(&pool_mu);
    if (--pool_pending == 0) pthread_cond_signal(&pool_done);
  }
  return NULL;
}

// Runs fn(arg, part, parts) for part < parts, part 0 on the calling thread. Not re-entrant: the
// addon is called from one JS thread.
static void run_parts(part_fn fn, void *arg, int parts) {
  if (parts > MAX_THREADS - 1) parts = MAX_THREADS - 1;
  pthread_mutex_lock(&pool_mu);
  while (pool_workers < parts - 1) {
    pthread_t t;
    start_gen[pool_workers + 1] = pool_gen;
    if (pthread_create(&t, NULL, worker, (void *)(size_t)(pool_workers + 1)) != 0) break;
    pthread_detach(t);
    pool_workers++;
  }
  if (parts > pool_workers + 1) parts = pool_workers + 1;
  if (parts <= 1) {
    pthread_mutex_unlock(&pool_mu);
    fn(arg, 0, 1);
    return;
  }
  pool_fn = fn;
  pool_arg = arg;
  pool_parts = parts;
  pool_pending = pool_workers;
  pool_gen++;
  pthread_cond_broadcast(&pool_go);
  pthread_mutex_unlock(&pool_mu);
  fn(arg, 0, parts);
  pthread_mutex_lock(&pool_mu);
  while (pool_pending > 0) pthread_cond_wait(&pool_done, &pool_mu);
  pthread_mutex_unlock(&pool_mu);
}

// ---- entry points ------------------------------------------------------------------------------

typedef struct {
  Gemm g;
  int batch;
  size_t sA, sB, sC;
  int split_cols;
  volatile int failed;
} Job;

static Gemm nth(const Job *j, int b) {
  Gemm g = j->g;
  g.A += (size_t)b * j->sA;
  g.B += (size_t)b * j->sB;
  g.C += (size_t)b * j->sC;
  return g;
}

// One part of one product: a range of columns (multiple of 16) or rows (multiple of 6).
static void product_part(void *arg, int part, int parts) {
  Job *j = (Job *)arg;
  const Gemm g = nth(j, 0);
  const int total = j->split_cols ? g.N : g.M, unit = j->split_cols ? NR : MR;
  const int units = (total + unit - 1) / unit;
  const int u0 = (int)((long)units * part / parts), u1 = (int)((long)units * (part + 1) / parts);
  int lo = u0 * unit, hi = u1 * unit;
  if (hi > total) hi = total;
  if (lo >= hi) return;
  int r = j->split_cols ? block(&g, 0, g.M, lo, hi) : block(&g, lo, hi, 0, g.N);
  if (r != 0) j->failed = 1;
}

// A range of whole matrices of a batch.
static void batch_part(void *arg, int part, int parts) {
  Job *j = (Job *)arg;
  const int b0 = (int)((long)j->batch * part / parts), b1 = (int)((long)j->batch * (part + 1) / parts);
  for (int b = b0; b < b1; b++) {
    const Gemm g = nth(j, b);
    if (block(&g, 0, g.M, 0, g.N) != 0) j->failed = 1;
  }
}

/**
 * C[b] = op(A[b]) · op(B[b]) for b < batch (row-major float32, op(A) [M, K], op(B) [K, N]; strides
 * in floats between batch matrices, 0 = broadcast). `threads` > 1 splits the work: whole matrices
 * across threads for batches of small products, else each product's columns or rows. Returns 0, or
 * -1 when a packing buffer could not be allocated.
 */
int clrec_sgemm(int ta, int tb, int M, int N, int K, const float *A, const float *B, float *C, int batch, size_t sA,
                size_t sB, size_t sC, int threads) {
  if (kernel == NULL) clrec_sgemm_init(0);
  if (batch <= 0 || M <= 0 || N <= 0) return 0;
  Job j = {{ta, tb, M, N, K, ta ? M : K, tb ? K : N, N, A, B, C}, batch, sA, sB, sC, 0, 0};
  if (K <= 0) {
    for (int b = 0; b < batch; b++) memset(C + (size_t)b * sC, 0, sizeof(float) * (size_t)M * N);
    return 0;
  }
  if (threads < 1) threads = 1;
  if (batch >= 2 * threads && threads > 1) {
    run_parts(batch_part, &j, threads);
    return j.failed ? -1 : 0;
  }
  j.split_cols = N >= M || M < 2 * MR;
  const int units = j.split_cols ? (N + NR - 1) / NR : (M + MR - 1) / MR;
  const int parts = threads < units ? threads : units;
  for (int b = 0; b < batch; b++) {
    Job one = j;
    one.g = nth(&j, b);
    one.batch = 1;
    if (parts > 1) {
      run_parts(product_part, &one, parts);
    } else {
      product_part(&one, 0, 1);
    }
    if (one.failed) return -1;
  }
  return 0;
}
