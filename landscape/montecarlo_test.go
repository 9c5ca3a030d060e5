// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/landscape"
)

// TestLossMonteCarlo checks F(W) against the sample mean of
// ½(Σᵢ αᵢ relu(wᵢ·x) − Σⱼ βⱼ relu(vⱼ·x))² over 10⁶ Gaussian x: the closed form
// must lie within 4 standard errors of the mean (a false alarm has
// probability 6e-5 per case). Samples are drawn in chunks of 10⁴ rows and
// pushed through one GEMM per chunk, so the test stays fast under -race.
func TestLossMonteCarlo(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 22))
	cases := []struct {
		name        string
		W, V        *mat.Dense
		alpha, beta []float64
	}{
		{name: "random", W: randn(4, 5, 1, rng), V: randn(3, 5, 1, rng)},
		{name: "identity-teacher", W: randn(6, 6, 1/math.Sqrt(6), rng), V: eye(6)},
		{name: "weights", W: randn(3, 4, 1, rng), V: randn(2, 4, 1, rng), alpha: []float64{0.7, -1.3, 2}, beta: []float64{-0.4, 1.1}},
		{name: "spurious7", W: spurious7(), V: eye(7)},
	}
	const (
		samples = 1000000
		chunk   = 10000
	)
	for ci, c := range cases {
		p, err := landscape.NewProblem(c.V, c.alpha, c.beta)
		if err != nil {
			t.Fatal(err)
		}
		f, err := p.Loss(c.W)
		if err != nil {
			t.Fatal(err)
		}
		k, d := c.W.Dims()
		m, _ := c.V.Dims()
		// U = [W; V] and output weights [α; −β]: one GEMM gives all pre-activations.
		U := mat.NewDense(k+m, d, nil)
		U.Stack(c.W, c.V)
		out := make([]float64, k+m)
		for i := range out {
			switch {
			case i < k && c.alpha != nil:
				out[i] = c.alpha[i]
			case i < k:
				out[i] = 1
			case c.beta != nil:
				out[i] = -c.beta[i-k]
			default:
				out[i] = -1
			}
		}
		srng := rand.New(rand.NewPCG(23, uint64(ci)))
		X := make([]float64, chunk*d)
		Z := make([]float64, chunk*(k+m))
		var sum, sum2 float64
		for done := 0; done < samples; done += chunk {
			for i := range X {
				X[i] = srng.NormFloat64()
			}
			blas64.Gemm(blas.NoTrans, blas.Trans, 1,
				blas64.General{Rows: chunk, Cols: d, Stride: d, Data: X},
				U.RawMatrix(), 0,
				blas64.General{Rows: chunk, Cols: k + m, Stride: k + m, Data: Z})
			for s := 0; s < chunk; s++ {
				var r float64
				for i, z := range Z[s*(k+m) : (s+1)*(k+m)] {
					if z > 0 {
						r += out[i] * z
					}
				}
				y := 0.5 * r * r
				sum += y
				sum2 += y * y
			}
		}
		mean := sum / samples
		se := math.Sqrt((sum2/samples - mean*mean) / samples)
		if math.Abs(f-mean) > 4*se {
			t.Errorf("%s: F = %.6g, Monte Carlo %.6g ± %.2g (4σ)", c.name, f, mean, 4*se)
		}
	}
}
