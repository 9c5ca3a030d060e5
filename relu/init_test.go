// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package relu_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/relulab/relulab/relu"
)

// TestInitMoments checks each initializer's mean and variance by Monte Carlo.
// For N i.i.d. N(0, σ²) entries the sample mean has standard error σ/√N and
// the sample variance σ²√(2/N); 5 standard errors make a false alarm rarer
// than 1e-6 per check, while a wrong factor (e.g. 1/d for 2/m) is hundreds
// of standard errors away.
func TestInitMoments(t *testing.T) {
	const m, d = 300, 200
	cases := []struct {
		name string
		init func(*mat.Dense, *rand.Rand)
		vari float64
	}{
		{"Gaussian β=0.5", func(w *mat.Dense, r *rand.Rand) { relu.InitGaussian(w, 0.5, r) }, 0.25 / d},
		{"Gaussian β=3", func(w *mat.Dense, r *rand.Rand) { relu.InitGaussian(w, 3, r) }, 9.0 / d},
		{"He", relu.InitHe, 2.0 / m},
		{"Du", relu.InitDu, 1},
	}
	for i, c := range cases {
		w := mat.NewDense(m, d, nil)
		c.init(w, rand.New(rand.NewPCG(uint64(i), 1)))
		x := w.RawMatrix().Data
		N := float64(len(x))
		mean, v := stat.MeanVariance(x, nil)
		sd := math.Sqrt(c.vari)
		if math.Abs(mean) > 5*sd/math.Sqrt(N) {
			t.Errorf("%s: mean %v, want 0 ± %v", c.name, mean, 5*sd/math.Sqrt(N))
		}
		if math.Abs(v-c.vari) > 5*c.vari*math.Sqrt(2/N) {
			t.Errorf("%s: variance %v, want %v ± %v", c.name, v, c.vari, 5*c.vari*math.Sqrt(2/N))
		}
	}
	a := make([]float64, 100000)
	relu.InitSigns(a, 0.25, rand.New(rand.NewPCG(9, 9)))
	pos := 0
	for _, v := range a {
		switch v {
		case 0.25:
			pos++
		case -0.25:
		default:
			t.Fatalf("sign entry %v", v)
		}
	}
	// Binomial(N, ½): standard error √N/2 ≈ 158.
	if math.Abs(float64(pos)-50000) > 5*158 {
		t.Errorf("%d positive signs of 100000", pos)
	}
}

func TestNewDeterministic(t *testing.T) {
	a := relu.NewNTK(5, 3, rand.New(rand.NewPCG(1, 2)))
	b := relu.NewNTK(5, 3, rand.New(rand.NewPCG(1, 2)))
	if !mat.Equal(a.W, b.W) || fmt.Sprint(a.A) != fmt.Sprint(b.A) {
		t.Error("NewNTK not deterministic for a seed")
	}
	if a.Scale != 1/math.Sqrt(5) || a.B != nil {
		t.Errorf("NTK scale %v, biases %v", a.Scale, a.B)
	}
	s := relu.NewStandard(4, 3, 0.1, true, rand.New(rand.NewPCG(1, 2)))
	if s.Scale != 1 || len(s.B) != 4 || math.Abs(math.Abs(s.A[0])-0.5) > 0 {
		t.Errorf("standard net: scale %v, biases %v, a %v", s.Scale, s.B, s.A)
	}
}

func ExampleNewNTK() {
	net := relu.NewNTK(4, 2, rand.New(rand.NewPCG(1, 1)))
	m, d := net.Dims()
	fmt.Println(m, d, net.A, net.Scale)
	// Output:
	// 4 2 [-1 1 -1 1] 0.5
}
