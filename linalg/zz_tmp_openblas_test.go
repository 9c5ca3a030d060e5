//go:build openblas && cgo

package linalg

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/mat"
)

func BenchmarkTmpDsyevd(b *testing.B) {
	n := 2000
	rnd := rand.New(rand.NewPCG(1, 2))
	a := testSym(rnd, n, kindRandom)
	c := mat.NewSymDense(n, nil)
	w := make([]float64, n)
	for b.Loop() {
		b.StopTimer()
		c.CopySym(a)
		b.StartTimer()
		raw := c.RawSymmetric()
		dsyevdInPlace(lapack.EVCompute, raw.Uplo, n, raw.Data, raw.Stride, w)
	}
}
