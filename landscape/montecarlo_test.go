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
	// All cases share d = 7 and one stream of samples, so the 7·10⁶ normal
	// draws (the bulk of the time under -race) are made once.
	const d = 7
	type mcCase struct {
		name        string
		W, V        *mat.Dense
		alpha, beta []float64
		f           float64    // closed form
		U           *mat.Dense // [W; V]
		out         []float64  // [α; −β]
		Z           []float64
		sum, sum2   float64
	}
	cases := []*mcCase{
		{name: "random", W: randn(4, d, 1, rng), V: randn(3, d, 1, rng)},
		{name: "identity-teacher", W: randn(7, d, 1/math.Sqrt(7), rng), V: eye(d)},
		{name: "weights", W: randn(3, d, 1, rng), V: randn(2, d, 1, rng), alpha: []float64{0.7, -1.3, 2}, beta: []float64{-0.4, 1.1}},
		{name: "spurious7", W: spurious7(), V: eye(d)},
	}
	const (
		samples = 1000000
		chunk   = 10000
	)
	for _, c := range cases {
		p, err := landscape.NewProblem(c.V, c.alpha, c.beta)
		if err != nil {
			t.Fatal(err)
		}
		if c.f, err = p.Loss(c.W); err != nil {
			t.Fatal(err)
		}
		k, _ := c.W.Dims()
		m, _ := c.V.Dims()
		// U = [W; V] and output weights [α; −β]: one GEMM gives all pre-activations.
		c.U = mat.NewDense(k+m, d, nil)
		c.U.Stack(c.W, c.V)
		c.out = make([]float64, k+m)
		for i := range c.out {
			switch {
			case i < k && c.alpha != nil:
				c.out[i] = c.alpha[i]
			case i < k:
				c.out[i] = 1
			case c.beta != nil:
				c.out[i] = -c.beta[i-k]
			default:
				c.out[i] = -1
			}
		}
		c.Z = make([]float64, chunk*(k+m))
	}
	srng := rand.New(rand.NewPCG(23, 24))
	X := make([]float64, chunk*d)
	for done := 0; done < samples; done += chunk {
		for i := range X {
			X[i] = srng.NormFloat64()
		}
		for _, c := range cases {
			km := len(c.out)
			blas64.Gemm(blas.NoTrans, blas.Trans, 1,
				blas64.General{Rows: chunk, Cols: d, Stride: d, Data: X},
				c.U.RawMatrix(), 0,
				blas64.General{Rows: chunk, Cols: km, Stride: km, Data: c.Z})
			for s := 0; s < chunk; s++ {
				var r float64
				for i, z := range c.Z[s*km : (s+1)*km] {
					if z > 0 {
						r += c.out[i] * z
					}
				}
				y := 0.5 * r * r
				c.sum += y
				c.sum2 += y * y
			}
		}
	}
	for _, c := range cases {
		mean := c.sum / samples
		se := math.Sqrt((c.sum2/samples - mean*mean) / samples)
		if math.Abs(c.f-mean) > 4*se {
			t.Errorf("%s: F = %.6g, Monte Carlo %.6g ± %.2g (4σ)", c.name, c.f, mean, 4*se)
		}
	}
}
