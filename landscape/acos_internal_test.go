// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestAcos(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 1))
	// The reference 2·atan2(√(1−x), √(1+x)) is accurate to a few ulp for
	// all x (1 ± x are exact where they matter); math.Acos is not near ±1,
	// where it forms 1 − x² (errors up to 2e-15 seen at x = 0.99994).
	// 1e-15 ≈ 4 ulp of π: the fit's 2.2e-16, doubled by the half-angle
	// identity, plus the rounding of a dozen Horner steps and of the reference.
	const tol = 1e-15
	check := func(x float64) {
		want := 2 * math.Atan2(math.Sqrt(1-x), math.Sqrt(1+x))
		if got := acos(x); math.Abs(got-want) > tol {
			t.Errorf("acos(%.17g) = %.17g, reference %.17g", x, got, want)
		}
		if math.Abs(x) < 0.9 && math.Abs(acos(x)-math.Acos(x)) > tol {
			t.Errorf("acos(%.17g) = %.17g, math.Acos %.17g", x, acos(x), math.Acos(x))
		}
	}
	for _, x := range []float64{-1, -0.99, -0.5, -0.5000000000000001, -0.4999999999999999, 0, 1e-300, 0.5, 0.4999999999999999, 0.5000000000000001, 0.99, 1} {
		check(x)
	}
	for i := 0; i < 100000; i++ {
		check(2*rng.Float64() - 1)
	}
}

func BenchmarkAcos(b *testing.B) {
	var s float64
	for i := 0; i < b.N; i++ {
		s += acos(float64(i%1000)/1001 - 0.4)
	}
	sinkAcos = s
}

var sinkAcos float64

func BenchmarkMathAcos(b *testing.B) {
	var s float64
	for i := 0; i < b.N; i++ {
		s += math.Acos(float64(i%1000)/1001 - 0.4)
	}
	sinkAcos = s
}

// TestAcosSqrt checks that acosSqrt (vector path where the CPU has one) gives
// bit for bit acos(x) and √(1 − x²) of the scalar code, for every length
// (vector body and scalar tail) and at the branch points ±½ and ±1.
func TestAcosSqrt(t *testing.T) {
	defer func(v func(c, t, s []float64) int) { acosSqrtVec = v }(acosSqrtVec)
	for i, v := range acosSqrtVecs {
		acosSqrtVec = v
		checkAcosSqrt(t, i)
	}
}

func checkAcosSqrt(t *testing.T, version int) {
	rng := rand.New(rand.NewPCG(2, 3))
	special := []float64{-1, 1, 0, math.Copysign(0, -1), 0.5, -0.5,
		math.Nextafter(0.5, 1), math.Nextafter(0.5, 0), math.Nextafter(-0.5, -1), math.Nextafter(-0.5, 0),
		0.99, -0.99, math.Nextafter(1, 0), math.Nextafter(-1, 0), 1e-300, -1e-300, 0.7, -0.7}
	for n := 0; n <= 67; n++ {
		c := make([]float64, n)
		for i := range c {
			if rng.IntN(3) == 0 {
				c[i] = special[rng.IntN(len(special))]
			} else {
				c[i] = 2*rng.Float64() - 1
			}
		}
		th, sn := make([]float64, n), make([]float64, n)
		acosSqrt(c, th, sn)
		for i, x := range c {
			wt, ws := acos(x), math.Sqrt(1-x*x)
			if math.Float64bits(th[i]) != math.Float64bits(wt) || math.Float64bits(sn[i]) != math.Float64bits(ws) {
				t.Fatalf("version %d of %d, n=%d: acosSqrt(%.17g) = %.17g, %.17g; scalar %.17g, %.17g", version, len(acosSqrtVecs), n, x, th[i], sn[i], wt, ws)
			}
		}
	}
}
