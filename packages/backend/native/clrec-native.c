// Optional native kernels for @clrec/backend (N-API, C99). They operate in place on the tfjs WASM
// backend's heap (an ArrayBuffer) at byte offsets the JS side passes in, so no tensor data is copied.
// Matrix products run on the bundled GEMM (clrec-sgemm.c) unless CLREC_BLAS names a system BLAS
// (cblas_sgemm), which is then loaded at run time with dlopen: the addon builds without BLAS headers
// or libraries. Build: node native/build.mjs.
#include <dlfcn.h>
#include <math.h>
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef void (*sgemm_fn)(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda,
                         const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);

static sgemm_fn blas_sgemm = NULL;
static set_threads_fn blas_set_threads = NULL;
static get_threads_fn blas_get_threads = NULL;
static char blas_path[512] = "";
static int blas_threads_now = -1;
static int bundled_threads = 1;

// Sets the BLAS thread count if it differs from the last one set (cheap to call per product).
static void use_threads(int n) {
  if (n >= 1) bundled_threads = n;
  if (blas_set_threads == NULL || n < 1 || n == blas_threads_now) return;
  blas_set_threads(n);
  blas_threads_now = n;
}

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

int clrec_sgemm(int ta, int tb, int M, int N, int K, const float *A, const float *B, float *C, int batch, size_t sA,
                size_t sB, size_t sC, int threads);
void clrec_sgemm_init(int force_portable);
const char *clrec_sgemm_kernel(void);


// CLREC_BLAS: unset, "off" or "bundled" = the bundled GEMM; "system" = the first system BLAS found
// (OpenBLAS, then the reference libblas), falling back to the bundled GEMM; a path = that library.
// CLREC_GEMM_KERNEL=portable skips the SIMD micro-kernel of the bundled GEMM.
static void load_blas(void) {
  const char *kern = getenv("CLREC_GEMM_KERNEL");
  clrec_sgemm_init(kern != NULL && strcmp(kern, "portable") == 0);
  const char *env = getenv("CLREC_BLAS");
  if (env == NULL || env[0] == 0 || strcmp(env, "off") == 0 || strcmp(env, "bundled") == 0) return;
  const int system = strcmp(env, "system") == 0;
  const char *candidates[] = {system ? NULL : env, "libopenblas.so.0", "libopenblas.so", "libopenblasp-r0.so", "libblas.so.3",
                              "libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
                              "/usr/local/opt/openblas/lib/libopenblas.dylib", NULL};
  const int n_candidates = system ? (int)(sizeof(candidates) / sizeof(candidates[0])) : 1;
  for (int i = 0; i < n_candidates; i++) {
    const char *name = candidates[i];
    if (name == NULL || name[0] == 0) continue;
    void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) continue;
    sgemm_fn f = (sgemm_fn)dlsym(h, "cblas_sgemm");
    if (f == NULL) {
      dlclose(h);
      continue;
    }
    blas_sgemm = f;
    blas_set_threads = (set_threads_fn)dlsym(h, "openblas_set_num_threads");
    blas_get_threads = (get_threads_fn)dlsym(h, "openblas_get_num_threads");
    strncpy(blas_path, name, sizeof(blas_path) - 1);
    return;
  }
}

// ---- argument helpers ------------------------------------------------------------------------

#define MAX_ARGS 16
typedef struct {
  napi_env env;
  size_t argc;
  napi_value argv[MAX_ARGS];
} Args;

static int get_args(napi_env env, napi_callback_info info, Args *a, size_t want) {
  a->env = env;
  a->argc = MAX_ARGS;
  if (napi_get_cb_info(env, info, &a->argc, a->argv, NULL, NULL) != napi_ok || a->argc < want) {
    napi_throw_error(env, NULL, "clrec-native: wrong number of arguments");
    return 0;
  }
  return 1;
}

static char *heap_base(Args *a, size_t i, size_t *len) {
  void *data = NULL;
  if (napi_get_arraybuffer_info(a->env, a->argv[i], &data, len) != napi_ok) {
    napi_throw_type_error(a->env, NULL, "clrec-native: expected the WASM heap ArrayBuffer");
    return NULL;
  }
  return (char *)data;
}

static double num(Args *a, size_t i) {
  double v = 0;
  napi_get_value_double(a->env, a->argv[i], &v);
  return v;
}

static int in_heap(Args *a, size_t len, double off, double bytes) {
  if (off < 0 || bytes < 0 || off + bytes > (double)len) {
    napi_throw_range_error(a->env, NULL, "clrec-native: buffer range outside the WASM heap");
    return 0;
  }
  return 1;
}

// ---- gemm ------------------------------------------------------------------------------------

// gemm(heap, transA, transB, M, N, K, aOff, bOff, cOff, batch, strideA, strideB, strideC, threads)
// C[b] = op(A[b]) · op(B[b]) for b < batch, row-major float32; strides are in floats (0 = broadcast);
// threads: threads for this product (0 = leave as is). The bundled GEMM unless a system BLAS was loaded.
static napi_value Gemm(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 14)) return NULL;
  size_t len;
  char *base = heap_base(&a, 0, &len);
  if (base == NULL) return NULL;
  int ta = num(&a, 1) != 0, tb = num(&a, 2) != 0;
  int M = (int)num(&a, 3), N = (int)num(&a, 4), K = (int)num(&a, 5);
  double aOff = num(&a, 6), bOff = num(&a, 7), cOff = num(&a, 8);
  int batch = (int)num(&a, 9);
  double sA = num(&a, 10), sB = num(&a, 11), sC = num(&a, 12);
  int threads = (int)num(&a, 13);
  double last = batch > 0 ? batch - 1 : 0;
  if (!in_heap(&a, len, aOff, 4.0 * (last * sA + (double)M * K))) return NULL;
  if (!in_heap(&a, len, bOff, 4.0 * (last * sB + (double)K * N))) return NULL;
  if (!in_heap(&a, len, cOff, 4.0 * (last * sC + (double)M * N))) return NULL;
  const float *A = (const float *)(base + (size_t)aOff);
  const float *B = (const float *)(base + (size_t)bOff);
  float *C = (float *)(base + (size_t)cOff);
  use_threads(threads);
  if (blas_sgemm == NULL) {
    if (clrec_sgemm(ta, tb, M, N, K, A, B, C, batch, (size_t)sA, (size_t)sB, (size_t)sC, bundled_threads) != 0) {
      napi_throw_error(env, NULL, "clrec-native: out of memory for the GEMM packing buffers");
    }
    return NULL;
  }
  for (int b = 0; b < batch; b++) {
    if (K == 0) {
      memset(C + (size_t)(b * sC), 0, sizeof(float) * (size_t)M * N);
      continue;
    }
    blas_sgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, M, N, K, 1.0f, A + (size_t)(b * sA), ta ? M : K,
               B + (size_t)(b * sB), tb ? K : N, 0.0f, C + (size_t)(b * sC), N);
  }
  return NULL;
}

// ---- elementwise and reductions -----------------------------------------------------------------

void clrec_vexp(const float *x, float *y, long n);
void clrec_vtanh(const float *x, float *y, long n);

// unary(heap, op, xOff, yOff, n): y = op(x) elementwise, op 0 = exp, 1 = tanh (float32).
static napi_value Unary(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 5)) return NULL;
  size_t len;
  char *base = heap_base(&a, 0, &len);
  if (base == NULL) return NULL;
  int op = (int)num(&a, 1);
  double xOff = num(&a, 2), yOff = num(&a, 3), n = num(&a, 4);
  if (!in_heap(&a, len, xOff, 4.0 * n) || !in_heap(&a, len, yOff, 4.0 * n)) return NULL;
  const float *x = (const float *)(base + (size_t)xOff);
  float *y = (float *)(base + (size_t)yOff);
  if (op == 0) clrec_vexp(x, y, (long)n);
  else if (op == 1) clrec_vtanh(x, y, (long)n);
  else napi_throw_range_error(env, NULL, "clrec-native: unknown unary op");
  return NULL;
}

// xent(heap, logitsOff, posOff, lossOff, probsOff, rows, cols): per row r of float32 logits x,
// probs[r] = softmax(x[r]) and loss[r] = logsumexp(x[r]) - x[r][pos[r]] (max-shifted; int32 positives).
// Returns -1, or the first row whose positive is outside [0, cols) (nothing is defined for it then).
static napi_value Xent(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 7)) return NULL;
  size_t len;
  char *base = heap_base(&a, 0, &len);
  if (base == NULL) return NULL;
  double xOff = num(&a, 1), pOff = num(&a, 2), lOff = num(&a, 3), qOff = num(&a, 4), rows = num(&a, 5), cols = num(&a, 6);
  if (!in_heap(&a, len, xOff, 4.0 * rows * cols) || !in_heap(&a, len, pOff, 4.0 * rows) || !in_heap(&a, len, lOff, 4.0 * rows) ||
      !in_heap(&a, len, qOff, 4.0 * rows * cols))
    return NULL;
  const float *x = (const float *)(base + (size_t)xOff);
  const int32_t *pos = (const int32_t *)(base + (size_t)pOff);
  float *loss = (float *)(base + (size_t)lOff);
  float *probs = (float *)(base + (size_t)qOff);
  const long R = (long)rows, C = (long)cols;
  long bad = -1;
  for (long r = 0; r < R; r++) {
    const float *xr = x + r * C;
    float *pr = probs + r * C;
    // Eight independent lanes so the compiler vectorises the max and the sum without -ffast-math.
    float mx[8] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY, -INFINITY};
    long c = 0;
    for (; c + 8 <= C; c += 8)
      for (int k = 0; k < 8; k++) mx[k] = xr[c + k] > mx[k] ? xr[c + k] : mx[k];
    float m = -INFINITY;
    for (int k = 0; k < 8; k++) m = mx[k] > m ? mx[k] : m;
    for (; c < C; c++) m = xr[c] > m ? xr[c] : m;
    for (c = 0; c < C; c++) pr[c] = xr[c] - m;
    clrec_vexp(pr, pr, C);
    float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (c = 0; c + 8 <= C; c += 8)
      for (int k = 0; k < 8; k++) part[k] += pr[c + k];
    double sum = 0;
    for (int k = 0; k < 8; k++) sum += part[k];
    for (; c < C; c++) sum += pr[c];
    const float inv = (float)(1.0 / sum);
    for (c = 0; c < C; c++) pr[c] *= inv;
    const int32_t t = pos[r];
    if (t < 0 || t >= C) {
      if (bad < 0) bad = r;
      loss[r] = NAN;
      continue;
    }
    loss[r] = (float)(log(sum) + (double)m - (double)xr[t]);
  }
  napi_value out;
  napi_create_double(env, (double)bad, &out);
  return out;
}

// xentGrad(heap, probsOff, posOff, dyOff, outOff, rows, cols): out[r][c] = (probs[r][c] - [c == pos[r]]) * dy[r].
static napi_value XentGrad(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 7)) return NULL;
  size_t len;
  char *base = heap_base(&a, 0, &len);
  if (base == NULL) return NULL;
  double qOff = num(&a, 1), pOff = num(&a, 2), dOff = num(&a, 3), oOff = num(&a, 4), rows = num(&a, 5), cols = num(&a, 6);
  if (!in_heap(&a, len, qOff, 4.0 * rows * cols) || !in_heap(&a, len, pOff, 4.0 * rows) || !in_heap(&a, len, dOff, 4.0 * rows) ||
      !in_heap(&a, len, oOff, 4.0 * rows * cols))
    return NULL;
  const float *probs = (const float *)(base + (size_t)qOff);
  const int32_t *pos = (const int32_t *)(base + (size_t)pOff);
  const float *dy = (const float *)(base + (size_t)dOff);
  float *out = (float *)(base + (size_t)oOff);
  const long R = (long)rows, C = (long)cols;
  for (long r = 0; r < R; r++) {
    const float *pr = probs + r * C;
    float *orow = out + r * C;
    const float d = dy[r];
    for (long c = 0; c < C; c++) orow[c] = pr[c] * d;
    const int32_t t = pos[r];
    if (t >= 0 && t < C) orow[t] = (pr[t] - 1.0f) * d;
  }
  return NULL;
}

// colsum(heap, xOff, yOff, rows, cols): y[c] = sum_r x[r * cols + c] (float32, rows summed in order).
static napi_value ColSum(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 5)) return NULL;
  size_t len;
  char *base = heap_base(&a, 0, &len);
  if (base == NULL) return NULL;
  double xOff = num(&a, 1), yOff = num(&a, 2), rows = num(&a, 3), cols = num(&a, 4);
  if (!in_heap(&a, len, xOff, 4.0 * rows * cols) || !in_heap(&a, len, yOff, 4.0 * cols)) return NULL;
  const float *x = (const float *)(base + (size_t)xOff);
  float *y = (float *)(base + (size_t)yOff);
  long R = (long)rows, C = (long)cols;
  for (long c = 0; c < C; c++) y[c] = 0.0f;
  for (long r = 0; r < R; r++) {
    const float *row = x + r * C;
    for (long c = 0; c < C; c++) y[c] += row[c];
  }
  return NULL;
}

// segsum(heap, xOff, idsOff, yOff, rows, width, numSegments): y = 0; y[ids[r]] += x[r] for ids in
// [0, numSegments) (others dropped), rows of `width` float32 values.
static napi_value SegSum(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 7)) return NULL;
  size_t len;
  char *base = heap_base(&a, 0, &len);
  if (base == NULL) return NULL;
  double xOff = num(&a, 1), idsOff = num(&a, 2), yOff = num(&a, 3), rows = num(&a, 4), width = num(&a, 5), segs = num(&a, 6);
  if (!in_heap(&a, len, xOff, 4.0 * rows * width) || !in_heap(&a, len, idsOff, 4.0 * rows) ||
      !in_heap(&a, len, yOff, 4.0 * segs * width))
    return NULL;
  const float *x = (const float *)(base + (size_t)xOff);
  const int32_t *ids = (const int32_t *)(base + (size_t)idsOff);
  float *y = (float *)(base + (size_t)yOff);
  long R = (long)rows, W = (long)width, S = (long)segs;
  memset(y, 0, sizeof(float) * (size_t)(S * W));
  for (long r = 0; r < R; r++) {
    long s = ids[r];
    if (s < 0 || s >= S) continue;
    float *dst = y + s * W;
    const float *src = x + r * W;
    for (long k = 0; k < W; k++) dst[k] += src[k];
  }
  return NULL;
}

// gather(heap, xOff, idxOff, outOff, batch, outer, dimSize, slice, perBatch, elemBytes) -> -1, or the
// position of the first index outside [0, dimSize) (then nothing is written). x viewed as
// [batch, outer, dimSize, slice], indices [batch, perBatch], out [batch, outer, perBatch, slice].
static napi_value Gather(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 10)) return NULL;
  size_t len;
  char *base = heap_base(&a, 0, &len);
  if (base == NULL) return NULL;
  double xOff = num(&a, 1), idxOff = num(&a, 2), outOff = num(&a, 3);
  long B = (long)num(&a, 4), O = (long)num(&a, 5), D = (long)num(&a, 6), S = (long)num(&a, 7), P = (long)num(&a, 8);
  long eb = (long)num(&a, 9);
  if (!in_heap(&a, len, xOff, (double)B * O * D * S * eb) || !in_heap(&a, len, idxOff, 4.0 * B * P) ||
      !in_heap(&a, len, outOff, (double)B * O * P * S * eb))
    return NULL;
  const int32_t *idx = (const int32_t *)(base + (size_t)idxOff);
  napi_value result;
  for (long i = 0; i < B * P; i++) {
    if (idx[i] < 0 || idx[i] >= D) {
      napi_create_double(env, (double)i, &result);
      return result;
    }
  }
  const char *x = base + (size_t)xOff;
  char *out = base + (size_t)outOff;
  size_t row = (size_t)(S * eb);
  for (long b = 0; b < B; b++) {
    for (long o = 0; o < O; o++) {
      const char *src = x + (size_t)((b * O + o) * D) * row;
      const int32_t *ib = idx + b * P;
      for (long i = 0; i < P; i++) {
        memcpy(out, src + (size_t)ib[i] * row, row);
        out += row;
      }
    }
  }
  napi_create_double(env, -1, &result);
  return result;
}

// ---- lazy optimizer row updates ------------------------------------------------------------------

static void *typed_data(Args *a, size_t i, napi_typedarray_type want, size_t *length) {
  napi_typedarray_type type;
  void *data = NULL;
  napi_value buf;
  size_t off;
  if (napi_get_typedarray_info(a->env, a->argv[i], &type, length, &data, &buf, &off) != napi_ok || type != want) {
    napi_throw_type_error(a->env, NULL, want == napi_float32_array ? "clrec-native: expected a Float32Array" : "clrec-native: expected an Int32Array");
    return NULL;
  }
  return data;
}

// adamRows(p, at, ids, g, m, v, width, lrT, b1, b2, eps): the lazy Adam update of rows ids[i]:
// m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lrT m / (sqrt(v) + eps), with the table values of
// row i at p[at[i] ...], its moments at m/v[ids[i] * width ...], its gradient at g[i * width ...].
static napi_value AdamRows(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 11)) return NULL;
  size_t np, nat, nids, ng, nm, nv;
  float *p = typed_data(&a, 0, napi_float32_array, &np);
  if (p == NULL) return NULL;
  int32_t *at = typed_data(&a, 1, napi_int32_array, &nat);
  if (at == NULL) return NULL;
  int32_t *ids = typed_data(&a, 2, napi_int32_array, &nids);
  if (ids == NULL) return NULL;
  float *g = typed_data(&a, 3, napi_float32_array, &ng);
  if (g == NULL) return NULL;
  float *m = typed_data(&a, 4, napi_float32_array, &nm);
  if (m == NULL) return NULL;
  float *v = typed_data(&a, 5, napi_float32_array, &nv);
  if (v == NULL) return NULL;
  long w = (long)num(&a, 6);
  double b1d = num(&a, 8), b2d = num(&a, 9);
  float lrT = (float)num(&a, 7), b1 = (float)b1d, b2 = (float)b2d, eps = (float)num(&a, 10);
  if (w < 1 || nat != nids || ng < nids * (size_t)w || nm != nv) {
    napi_throw_range_error(env, NULL, "clrec-native: adamRows: inconsistent sizes");
    return NULL;
  }
  for (size_t i = 0; i < nids; i++) {
    long pb = at[i], mb = (long)ids[i] * w;
    if (pb < 0 || (size_t)(pb + w) > np || mb < 0 || (size_t)(mb + w) > nm) {
      napi_throw_range_error(env, NULL, "clrec-native: adamRows: row outside its array");
      return NULL;
    }
  }
  const float c1 = (float)(1.0 - b1d), c2 = (float)(1.0 - b2d); // as the JS update computes them
  for (size_t i = 0; i < nids; i++) {
    float *pr = p + at[i], *mr = m + (long)ids[i] * w, *vr = v + (long)ids[i] * w;
    const float *gr = g + (long)i * w;
    for (long k = 0; k < w; k++) {
      float gi = gr[k];
      float mo = b1 * mr[k] + c1 * gi;
      float vo = b2 * vr[k] + c2 * gi * gi;
      mr[k] = mo;
      vr[k] = vo;
      pr[k] -= lrT * mo / (sqrtf(vo) + eps);
    }
  }
  return NULL;
}

// addRows(dst, at, src, width): dst[at[i] + k] += src[i * width + k] (host Float32Arrays).
static napi_value AddRows(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 4)) return NULL;
  size_t nd, nat, ns;
  float *dst = typed_data(&a, 0, napi_float32_array, &nd);
  if (dst == NULL) return NULL;
  int32_t *at = typed_data(&a, 1, napi_int32_array, &nat);
  if (at == NULL) return NULL;
  float *src = typed_data(&a, 2, napi_float32_array, &ns);
  if (src == NULL) return NULL;
  long w = (long)num(&a, 3);
  if (w < 1 || ns != nat * (size_t)w) {
    napi_throw_range_error(env, NULL, "clrec-native: addRows: src must hold at.length rows of width values");
    return NULL;
  }
  for (size_t i = 0; i < nat; i++) {
    if (at[i] < 0 || (size_t)at[i] + (size_t)w > nd) {
      napi_throw_range_error(env, NULL, "clrec-native: addRows: row outside dst");
      return NULL;
    }
  }
  for (size_t i = 0; i < nat; i++) {
    float *d = dst + at[i];
    const float *s = src + (long)i * w;
    for (long k = 0; k < w; k++) d[k] += s[k];
  }
  return NULL;
}

// ---- info / threads --------------------------------------------------------------------------

static napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args a;
  if (!get_args(env, info, &a, 1)) return NULL;
  use_threads((int)num(&a, 0));
  return NULL;
}

static napi_value Info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value obj, v;
  napi_create_object(env, &obj);
  if (blas_sgemm != NULL) napi_create_string_utf8(env, blas_path, NAPI_AUTO_LENGTH, &v);
  else napi_get_null(env, &v);
  napi_set_named_property(env, obj, "blas", v);
  napi_create_int32(env, blas_get_threads != NULL ? blas_get_threads() : (blas_sgemm != NULL ? 1 : bundled_threads), &v);
  napi_set_named_property(env, obj, "blasThreads", v);
  napi_create_string_utf8(env, clrec_sgemm_kernel(), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, obj, "gemmKernel", v);
  napi_create_int32(env, 8, &v);
  napi_set_named_property(env, obj, "version", v);
  return obj;
}

static void export_fn(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value f;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &f);
  napi_set_named_property(env, exports, name, f);
}

static napi_value Init(napi_env env, napi_value exports) {
  load_blas();
  export_fn(env, exports, "gemm", Gemm);
  export_fn(env, exports, "unary", Unary);
  export_fn(env, exports, "colsum", ColSum);
  export_fn(env, exports, "xent", Xent);
  export_fn(env, exports, "xentGrad", XentGrad);
  export_fn(env, exports, "segsum", SegSum);
  export_fn(env, exports, "adamRows", AdamRows);
  export_fn(env, exports, "gather", Gather);
  export_fn(env, exports, "addRows", AddRows);
  export_fn(env, exports, "setThreads", SetThreads);
  export_fn(env, exports, "info", Info);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
