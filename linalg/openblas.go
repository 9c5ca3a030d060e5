// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build openblas && cgo

package linalg

/*
#cgo LDFLAGS: -lopenblas
#include <stddef.h>

// The CBLAS and Fortran LAPACK entry points of OpenBLAS are declared here
// rather than through cblas.h/lapacke.h so that only libopenblas-dev (the
// library and its linker symlink) is needed to build.
enum { RowMajor = 101 };
extern void openblas_set_num_threads(int);
extern int openblas_get_num_threads(void);
extern void cblas_dgemm(int order, int ta, int tb, int m, int n, int k, double alpha,
	const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc);
extern void cblas_dsyrk(int order, int uplo, int trans, int n, int k, double alpha,
	const double *a, int lda, double beta, double *c, int ldc);
extern void cblas_dsyr2k(int order, int uplo, int trans, int n, int k, double alpha,
	const double *a, int lda, const double *b, int ldb, double beta, double *c, int ldc);
extern void cblas_dgemv(int order, int ta, int m, int n, double alpha,
	const double *a, int lda, const double *x, int incx, double beta, double *y, int incy);
extern void cblas_dsymv(int order, int uplo, int n, double alpha,
	const double *a, int lda, const double *x, int incx, double beta, double *y, int incy);
extern void cblas_dtrsm(int order, int side, int uplo, int ta, int diag, int m, int n,
	double alpha, const double *a, int lda, double *b, int ldb);
extern void cblas_dtrmm(int order, int side, int uplo, int ta, int diag, int m, int n,
	double alpha, const double *a, int lda, double *b, int ldb);

extern void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
	double *w, double *work, const int *lwork, int *iwork, const int *liwork, int *info,
	size_t ljobz, size_t luplo);
extern void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n,
	double *a, const int *lda, const double *vl, const double *vu, const int *il, const int *iu,
	const double *abstol, int *m, double *w, double *z, const int *ldz, int *isuppz,
	double *work, const int *lwork, int *iwork, const int *liwork, int *info,
	size_t ljobz, size_t lrange, size_t luplo);

static int relulab_dsyevd(char jobz, char uplo, int n, double *a, int lda, double *w,
	double *work, int lwork, int *iwork, int liwork) {
	int info = 0;
	dsyevd_(&jobz, &uplo, &n, a, &lda, w, work, &lwork, iwork, &liwork, &info, 1, 1);
	return info;
}

static int relulab_dsyevr(char jobz, char uplo, int n, double *a, int lda, double *w,
	double *z, int ldz, int *isuppz, double *work, int lwork, int *iwork, int liwork) {
	int info = 0, m = 0, il = 1, iu = n;
	double vl = 0, vu = 0, abstol = 0;
	char range = 'A';
	dsyevr_(&jobz, &range, &uplo, &n, a, &lda, &vl, &vu, &il, &iu, &abstol, &m, w, z, &ldz,
		isuppz, work, &lwork, iwork, &liwork, &info, 1, 1, 1);
	return info;
}
*/
import "C"

import (
	"runtime"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	gonumblas "gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/lapack"
	gonumlapack "gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
)

// Backend names the numerical backend linalg installed into gonum at init:
// "openblas" when built with -tags openblas (OpenBLAS's BLAS-2/3 and LAPACK's
// dsyevd/dsyevr through cgo), "go" otherwise (gonum's pure-Go BLAS and
// LAPACK with linalg's packed multi-core Dgemm, Dsyrk, Dsyr2k and Dsymv, and
// a divide-and-conquer eigensolver behind EigenSym).
const Backend = "openblas"

func init() {
	// Debian's OpenBLAS is a pthread build that would otherwise start one
	// thread per core regardless of GOMAXPROCS; tie it to GOMAXPROCS so that
	// -cpu and GOMAXPROCS limit it like the Go code, and so that it runs on
	// as many threads as NumPy does with OPENBLAS_NUM_THREADS=GOMAXPROCS.
	C.openblas_set_num_threads(C.int(runtime.GOMAXPROCS(0)))
	blas64.Use(openblasBLAS{})
	lapack64.Use(openblasLAPACK{})
}

// openblasBLAS is gonum's pure-Go BLAS with the level-3 and the hot level-2
// routines replaced by OpenBLAS's. Calls whose arguments gonum would reject
// are passed to gonum, which panics with its usual message, so the C library
// is only ever called with valid, in-bounds arguments.
type openblasBLAS struct {
	gonumblas.Implementation
}

var _ blas.Float64 = openblasBLAS{}

// The CBLAS enumeration values; gonum's flags are the LAPACK characters.
const (
	cblasNoTrans = 111
	cblasTrans   = 112
	cblasUpper   = 121
	cblasLower   = 122
	cblasNonUnit = 131
	cblasUnit    = 132
	cblasLeft    = 141
	cblasRight   = 142
)

func cTrans(t blas.Transpose) C.int {
	if t == blas.NoTrans {
		return cblasNoTrans
	}
	return cblasTrans
}

func cUplo(ul blas.Uplo) C.int {
	if ul == blas.Upper {
		return cblasUpper
	}
	return cblasLower
}

func cSide(s blas.Side) C.int {
	if s == blas.Left {
		return cblasLeft
	}
	return cblasRight
}

func cDiag(d blas.Diag) C.int {
	if d == blas.Unit {
		return cblasUnit
	}
	return cblasNonUnit
}

func (impl openblasBLAS) Dgemm(tA, tB blas.Transpose, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ar, ac := m, k
	if tA != blas.NoTrans {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB != blas.NoTrans {
		br, bc = n, k
	}
	// Small products are faster without the cgo call and thread start-up.
	if m == 0 || n == 0 || k == 0 || m*n*k < 32*32*32 || !okTrans(tA) || !okTrans(tB) ||
		!okMat(a, ar, ac, lda) || !okMat(b, br, bc, ldb) || !okMat(c, m, n, ldc) {
		impl.Implementation.Dgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	C.cblas_dgemm(C.RowMajor, cTrans(tA), cTrans(tB), C.int(m), C.int(n), C.int(k), C.double(alpha),
		(*C.double)(&a[0]), C.int(lda), (*C.double)(&b[0]), C.int(ldb), C.double(beta), (*C.double)(&c[0]), C.int(ldc))
}

func (impl openblasBLAS) Dsyrk(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, beta float64, c []float64, ldc int) {
	ar, ac := n, k
	if t != blas.NoTrans {
		ar, ac = k, n
	}
	if n == 0 || k == 0 || n*n*k < 2*32*32*32 || (ul != blas.Upper && ul != blas.Lower) || !okTrans(t) ||
		!okMat(a, ar, ac, lda) || !okMat(c, n, n, ldc) {
		impl.Implementation.Dsyrk(ul, t, n, k, alpha, a, lda, beta, c, ldc)
		return
	}
	C.cblas_dsyrk(C.RowMajor, cUplo(ul), cTrans(t), C.int(n), C.int(k), C.double(alpha),
		(*C.double)(&a[0]), C.int(lda), C.double(beta), (*C.double)(&c[0]), C.int(ldc))
}

func (impl openblasBLAS) Dsyr2k(ul blas.Uplo, t blas.Transpose, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	ar, ac := n, k
	if t != blas.NoTrans {
		ar, ac = k, n
	}
	if n == 0 || k == 0 || n*n*k < 32*32*32 || (ul != blas.Upper && ul != blas.Lower) || !okTrans(t) ||
		!okMat(a, ar, ac, lda) || !okMat(b, ar, ac, ldb) || !okMat(c, n, n, ldc) {
		impl.Implementation.Dsyr2k(ul, t, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	C.cblas_dsyr2k(C.RowMajor, cUplo(ul), cTrans(t), C.int(n), C.int(k), C.double(alpha),
		(*C.double)(&a[0]), C.int(lda), (*C.double)(&b[0]), C.int(ldb), C.double(beta), (*C.double)(&c[0]), C.int(ldc))
}

func (impl openblasBLAS) Dgemv(tA blas.Transpose, m, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	lx, ly := n, m
	if tA != blas.NoTrans {
		lx, ly = m, n
	}
	if m == 0 || n == 0 || m*n < 64*64 || !okTrans(tA) || !okMat(a, m, n, lda) || !okVec(x, lx, incX) || !okVec(y, ly, incY) {
		impl.Implementation.Dgemv(tA, m, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	C.cblas_dgemv(C.RowMajor, cTrans(tA), C.int(m), C.int(n), C.double(alpha), (*C.double)(&a[0]), C.int(lda),
		(*C.double)(&x[0]), C.int(incX), C.double(beta), (*C.double)(&y[0]), C.int(incY))
}

func (impl openblasBLAS) Dsymv(ul blas.Uplo, n int, alpha float64, a []float64, lda int, x []float64, incX int, beta float64, y []float64, incY int) {
	if n < 64 || (ul != blas.Upper && ul != blas.Lower) || !okMat(a, n, n, lda) || !okVec(x, n, incX) || !okVec(y, n, incY) {
		impl.Implementation.Dsymv(ul, n, alpha, a, lda, x, incX, beta, y, incY)
		return
	}
	C.cblas_dsymv(C.RowMajor, cUplo(ul), C.int(n), C.double(alpha), (*C.double)(&a[0]), C.int(lda),
		(*C.double)(&x[0]), C.int(incX), C.double(beta), (*C.double)(&y[0]), C.int(incY))
}

func okTri(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag) bool {
	return (s == blas.Left || s == blas.Right) && (ul == blas.Upper || ul == blas.Lower) &&
		okTrans(tA) && (d == blas.Unit || d == blas.NonUnit)
}

func (impl openblasBLAS) Dtrsm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k := n
	if s == blas.Left {
		k = m
	}
	if m == 0 || n == 0 || m*n*k < 32*32*32 || !okTri(s, ul, tA, d) || !okMat(a, k, k, lda) || !okMat(b, m, n, ldb) {
		impl.Implementation.Dtrsm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	C.cblas_dtrsm(C.RowMajor, cSide(s), cUplo(ul), cTrans(tA), cDiag(d), C.int(m), C.int(n), C.double(alpha),
		(*C.double)(&a[0]), C.int(lda), (*C.double)(&b[0]), C.int(ldb))
}

func (impl openblasBLAS) Dtrmm(s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha float64, a []float64, lda int, b []float64, ldb int) {
	k := n
	if s == blas.Left {
		k = m
	}
	if m == 0 || n == 0 || m*n*k < 32*32*32 || !okTri(s, ul, tA, d) || !okMat(a, k, k, lda) || !okMat(b, m, n, ldb) {
		impl.Implementation.Dtrmm(s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
		return
	}
	C.cblas_dtrmm(C.RowMajor, cSide(s), cUplo(ul), cTrans(tA), cDiag(d), C.int(m), C.int(n), C.double(alpha),
		(*C.double)(&a[0]), C.int(lda), (*C.double)(&b[0]), C.int(ldb))
}

// openblasLAPACK is gonum's pure-Go LAPACK with Dsyev computed by LAPACK's
// divide-and-conquer driver dsyevd from OpenBLAS.
type openblasLAPACK struct {
	gonumlapack.Implementation
}

var _ lapack.Float64 = openblasLAPACK{}

// flip returns the opposite triangle: a row-major matrix stored in the upper
// triangle is, read column-major, its transpose stored in the lower one.
func flip(ul blas.Uplo) C.char {
	if ul == blas.Upper {
		return 'L'
	}
	return 'U'
}

// dsyevdWork returns the workspace sizes dsyevd needs for order n.
func dsyevdWork(jobz lapack.EVJob, n int) (lwork, liwork int) {
	if n <= 1 {
		return max(1, 3*n-1), 1 // gonum's Dsyev minimum.
	}
	if jobz == lapack.EVCompute {
		return 1 + 6*n + 2*n*n, 3 + 5*n
	}
	// dsyevd's minimum 2n+1 would force the unblocked tridiagonal reduction
	// (dsytd2); its optimal size adds room for dsytrd's blocks (nb ≤ 64), as
	// NumPy's workspace query gets.
	return 2*n + 64*n + 1, 1
}

// Dsyev computes all eigenvalues and, if jobz is lapack.EVCompute, the
// eigenvectors of the symmetric n×n matrix a, with the semantics of gonum's
// Dsyev: ascending eigenvalues in w, orthonormal eigenvectors in the columns
// of a, and the optimal lwork in work[0] when lwork is -1. It uses dsyevd when
// lwork is at least the optimal size it reports, and gonum's Dsyev otherwise.
func (impl openblasLAPACK) Dsyev(jobz lapack.EVJob, uplo blas.Uplo, n int, a []float64, lda int, w, work []float64, lwork int) (ok bool) {
	lw, _ := dsyevdWork(jobz, n)
	if lwork == -1 && len(work) >= 1 && n >= 0 && n <= 1<<15 && (jobz == lapack.EVNone || jobz == lapack.EVCompute) {
		var g [1]float64
		impl.Implementation.Dsyev(jobz, uplo, n, a, lda, w, g[:], -1) // Validates the arguments.
		work[0] = float64(max(lw, int(g[0])))
		return true
	}
	if n < 2 || lwork < lw || len(work) < lwork || n > 1<<15 || (jobz != lapack.EVNone && jobz != lapack.EVCompute) ||
		(uplo != blas.Upper && uplo != blas.Lower) || !okMat(a, n, n, lda) || len(w) < n {
		return impl.Implementation.Dsyev(jobz, uplo, n, a, lda, w, work, lwork)
	}
	if !dsyevdRaw(jobz, uplo, n, a, lda, w, work[:lwork]) {
		return false
	}
	if jobz == lapack.EVCompute {
		// dsyevd stored the eigenvectors as the columns of a column-major
		// matrix, that is as the rows of our row-major one.
		transposeSquare(n, a, lda, nil)
	}
	work[0] = float64(lw)
	return true
}

// dsyevdRaw calls dsyevd on the symmetric n×n matrix a (triangle uplo,
// row-major, n ≥ 1) with the workspace work, of at least the size
// dsyevdWork gives, leaving the eigenvalues in w and, if jobz is
// lapack.EVCompute, the eigenvectors as the rows of a (the columns of the
// column-major matrix LAPACK sees). It reports whether dsyevd succeeded.
func dsyevdRaw(jobz lapack.EVJob, uplo blas.Uplo, n int, a []float64, lda int, w, work []float64) bool {
	_, liw := dsyevdWork(jobz, n)
	job := C.char('N')
	if jobz == lapack.EVCompute {
		job = 'V'
	}
	iwork := make([]C.int, liw)
	info := C.relulab_dsyevd(job, flip(uplo), C.int(n), (*C.double)(&a[0]), C.int(lda), (*C.double)(&w[0]),
		(*C.double)(&work[0]), C.int(len(work)), &iwork[0], C.int(liw))
	return info == 0
}

// transposeInto stores the transpose of the n×n row-major matrix src
// (stride lds) in dst (stride ldd), by blocks that stay in cache.
func transposeInto(n int, dst []float64, ldd int, src []float64, lds int) {
	const bs = 32
	for ib := 0; ib < n; ib += bs {
		for jb := 0; jb < n; jb += bs {
			for i := ib; i < min(ib+bs, n); i++ {
				row := src[i*lds : i*lds+n]
				for j := jb; j < min(jb+bs, n); j++ {
					dst[j*ldd+i] = row[j]
				}
			}
		}
	}
}

// dsyevr computes the eigenvalues w and, if z is non-nil, the eigenvectors of
// the symmetric n×n matrix a (destroyed) by LAPACK's MRRR driver dsyevr,
// writing the eigenvectors as the columns of the row-major n×n matrix z with
// stride ldz. It needs only O(n) workspace beyond a and z. It reports whether
// dsyevr succeeded.
func dsyevr(uplo blas.Uplo, n int, a []float64, lda int, w []float64, z []float64, ldz int) bool {
	if n == 0 {
		return true
	}
	job := C.char('N')
	zp := (*C.double)(nil)
	ldzc := C.int(1)
	if z != nil {
		job = 'V'
		zp = (*C.double)(&z[0])
		ldzc = C.int(ldz)
	}
	lwork, liwork := 26*n, 10*n
	work := make([]float64, lwork)
	iwork := make([]C.int, liwork+2*n)
	info := C.relulab_dsyevr(job, flip(uplo), C.int(n), (*C.double)(&a[0]), C.int(lda), (*C.double)(&w[0]),
		zp, ldzc, &iwork[liwork], (*C.double)(&work[0]), C.int(lwork), &iwork[0], C.int(liwork))
	if info != 0 {
		return false
	}
	if z != nil {
		transposeSquare(n, z, ldz, nil)
	}
	return true
}
