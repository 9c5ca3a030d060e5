// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package tridiag

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/lapack/gonum"
)

// tridiagonal test matrices: random; glued Wilkinson-like blocks (clusters
// of nearly equal eigenvalues); constant diagonal with tiny off-diagonals
// (heavy deflation); the 1-2-1 matrix (known spectrum 2−2cos(kπ/(n+1))).
func testT(rnd *rand.Rand, n, kind int) (d, e []float64) {
	d = make([]float64, n)
	e = make([]float64, max(n-1, 0))
	for i := range n {
		switch kind {
		case 0:
			d[i] = rnd.NormFloat64()
		case 1:
			d[i] = math.Abs(float64(i%21 - 10))
		case 2:
			d[i] = 1
		case 3:
			d[i] = 2
		}
	}
	for i := range e {
		switch kind {
		case 0:
			e[i] = rnd.NormFloat64()
		case 1:
			e[i] = 1
			if i%21 == 20 {
				e[i] = 1e-10
			}
		case 2:
			e[i] = 1e-13 * rnd.NormFloat64()
		case 3:
			e[i] = -1
		}
	}
	return d, e
}

// TestEigen checks Eigen with Z = I, Vectors, and VectorsQ with Q = I
// against the residual and orthogonality bounds.
func TestEigen(t *testing.T) {
	for _, n := range []int{1, 2, 31, 33, 64, 100, 257} {
		for kind := range 4 {
			for _, mode := range []string{"eigen", "vectors", "q"} {
				if mode == "q" && n <= leafSize {
					continue
				}
				t.Run(fmt.Sprintf("n=%d/kind=%d/%s", n, kind, mode), func(t *testing.T) {
					testEigen(t, n, kind, mode)
				})
			}
		}
	}
}

func testEigen(t *testing.T, n, kind int, mode string) {
	rnd := rand.New(rand.NewPCG(uint64(n), uint64(kind)))
	d0, e0 := testT(rnd, n, kind)
	d := append([]float64(nil), d0...)
	e := append([]float64(nil), e0...)
	// Z with a stride beyond n; Vectors must set it up itself.
	ldz := n + 3
	z := make([]float64, n*ldz)
	for i := range z {
		z[i] = math.NaN()
	}
	for i := range n {
		clear(z[i*ldz : i*ldz+n])
		z[i*ldz+i] = 1
	}
	var ok bool
	switch mode {
	case "vectors":
		for i := range n {
			z[i*ldz+(i+1)%n] = 7
		}
		ok = Vectors(d, e, z, ldz, make([]float64, n*n))
	case "q":
		// The off-diagonal blocks hold a pattern VectorsQ must leave alone
		// until mulQ, which checks and clears it.
		h := n / 2
		off := func(i, j int) bool { return (i < h) != (j < h) }
		for i := range n {
			for j := range n {
				if off(i, j) {
					z[i*ldz+j] = float64(i*n + j)
				} else {
					z[i*ldz+j] = 7
				}
			}
		}
		calls := 0
		ok = VectorsQ(d, e, z, ldz, make([]float64, n*n), func() {
			calls++
			for i := range n {
				for j := range n {
					if off(i, j) {
						if z[i*ldz+j] != float64(i*n+j) {
							t.Fatalf("off-diagonal block modified at (%d, %d)", i, j)
						}
						z[i*ldz+j] = 0
					}
				}
			}
		})
		if calls != 1 {
			t.Fatalf("mulQ called %d times", calls)
		}
	default:
		ok = Eigen(d, e, z, ldz, n, make([]float64, n*n))
	}
	if !ok {
		t.Fatal("not converged")
	}
	zz := make([]float64, n*n)
	for i := range n {
		copy(zz[i*n:(i+1)*n], z[i*ldz:i*ldz+n])
	}
	z = zz
	// Reference eigenvalues from the QL/QR iteration.
	ref := append([]float64(nil), d0...)
	re := append([]float64(nil), e0...)
	if !(gonum.Implementation{}).Dsterf(n, ref, re) {
		t.Fatal("Dsterf failed")
	}
	tnorm := 0.0
	for i := range n {
		row := math.Abs(d0[i])
		if i > 0 {
			row += math.Abs(e0[i-1])
		}
		if i < n-1 {
			row += math.Abs(e0[i])
		}
		tnorm = max(tnorm, row)
	}
	// LAPACK's dstt21-style bounds: ‖TV − VΛ‖₁ ≤ c·n·ε·‖T‖₁
	// and ‖VᵀV − I‖₁ ≤ c·n·ε with c = 30 (LAPACK's threshold).
	const c = 30
	epsn := float64(n) * 0x1p-52
	for i := range n {
		if i > 0 && d[i] < d[i-1] {
			t.Fatalf("eigenvalues not ascending at %d", i)
		}
		if math.Abs(d[i]-ref[i]) > c*epsn*tnorm {
			t.Fatalf("λ_%d = %v, Dsterf %v", i, d[i], ref[i])
		}
	}
	var res, orth float64
	for j := range n {
		var cr, co float64
		for i := range n {
			tv := d0[i] * z[i*n+j]
			if i > 0 {
				tv += e0[i-1] * z[(i-1)*n+j]
			}
			if i < n-1 {
				tv += e0[i] * z[(i+1)*n+j]
			}
			cr += math.Abs(tv - d[j]*z[i*n+j])
		}
		for l := range n {
			var dot float64
			for i := range n {
				dot += z[i*n+j] * z[i*n+l]
			}
			if l == j {
				dot--
			}
			co += math.Abs(dot)
		}
		res = max(res, cr)
		orth = max(orth, co)
	}
	if res > c*epsn*tnorm {
		t.Errorf("‖TV − VΛ‖₁ = %.3g > %d·n·ε·‖T‖", res, c)
	}
	if orth > c*epsn {
		t.Errorf("‖VᵀV − I‖₁ = %.3g > %d·n·ε", orth, c)
	}
}

// TestGOMAXPROCS checks that Eigen and Vectors give the same bits with one
// goroutine and with several, at an order where the halves are solved side
// by side.
func TestGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	n := 300
	d0, e0 := testT(rand.New(rand.NewPCG(9, 9)), n, 0)
	for _, local := range []bool{false, true} {
		var got [2][]float64
		for i, procs := range []int{1, 3} {
			runtime.GOMAXPROCS(procs)
			d := slices.Clone(d0)
			e := slices.Clone(e0)
			z := make([]float64, n*n)
			for i := range n {
				z[i*n+i] = 1
			}
			if local {
				Vectors(d, e, z, n, make([]float64, n*n))
			} else {
				Eigen(d, e, z, n, n, make([]float64, n*n))
			}
			got[i] = slices.Concat(d, z)
		}
		if !slices.Equal(got[0], got[1]) {
			t.Errorf("local=%v: results differ between GOMAXPROCS = 1 and 3", local)
		}
	}
}
