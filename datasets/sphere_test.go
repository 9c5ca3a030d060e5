// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/datasets"
)

// TestSphereMoments: rows have unit norm; for x uniform on S^{d−1},
// E[x] = 0 and E[x xᵀ] = I/d. With N samples each coordinate mean has
// standard error 1/√(dN) and each E[x_j²] estimate at most 1/√N (|x_j²| ≤ 1);
// 5 standard errors bound a false alarm by about 1e-6 per entry.
func TestSphereMoments(t *testing.T) {
	const n, d = 20000, 5
	X := datasets.Sphere(n, d, rand.New(rand.NewPCG(1, 1)))
	for i := 0; i < n; i++ {
		// Scaling by 1/‖x‖ and recomputing the norm each round: a few ε·d.
		if nr := floats.Norm(X.RawRowView(i), 2); math.Abs(nr-1) > 4*d*0x1p-52 {
			t.Fatalf("row %d has norm %v", i, nr)
		}
	}
	var C mat.SymDense
	C.SymOuterK(1/float64(n), X.T())
	for j := 0; j < d; j++ {
		mean := mat.Sum(X.ColView(j)) / n
		if math.Abs(mean) > 5/math.Sqrt(d*n) {
			t.Errorf("E[x_%d] = %v", j, mean)
		}
		for k := 0; k < d; k++ {
			want := 0.0
			if j == k {
				want = 1.0 / d
			}
			if math.Abs(C.At(j, k)-want) > 5/math.Sqrt(n) {
				t.Errorf("E[x_%d x_%d] = %v, want %v", j, k, C.At(j, k), want)
			}
		}
	}
	if r, c := datasets.Sphere(0, 3, nil).Dims(); r != 0 || c != 0 {
		t.Errorf("Sphere(0) is %d×%d", r, c)
	}
}

func TestSeparatedSphere(t *testing.T) {
	rnd := rand.New(rand.NewPCG(2, 2))
	for _, c := range []struct {
		n, d int
		phi  float64
	}{{50, 3, 0.3}, {100, 30, 1.0}, {15, 2, 0.2}} {
		X, err := datasets.SeparatedSphere(c.n, c.d, c.phi, 0, rnd)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		for i := 0; i < c.n; i++ {
			for j := i + 1; j < c.n; j++ {
				if dist := floats.Distance(X.RawRowView(i), X.RawRowView(j), 2); dist < c.phi {
					t.Fatalf("%+v: rows %d, %d at distance %v", c, i, j, dist)
				}
			}
		}
	}
	// Seven points on the circle cannot be 1.9 apart.
	_, err := datasets.SeparatedSphere(7, 2, 1.9, 50, rnd)
	if !errors.Is(err, datasets.ErrSeparation) {
		t.Errorf("got %v, want ErrSeparation", err)
	}
	if _, err := datasets.SeparatedSphere(2, 3, 2.5, 0, rnd); !errors.Is(err, datasets.ErrSeparation) {
		t.Errorf("φ > 2: got %v", err)
	}
	// Determinism.
	a, _ := datasets.SeparatedSphere(20, 4, 0.5, 0, rand.New(rand.NewPCG(3, 3)))
	b, _ := datasets.SeparatedSphere(20, 4, 0.5, 0, rand.New(rand.NewPCG(3, 3)))
	if !mat.Equal(a, b) {
		t.Error("SeparatedSphere not deterministic for a seed")
	}
}

func TestLabels(t *testing.T) {
	y := datasets.GaussianLabels(40000, rand.New(rand.NewPCG(4, 4)))
	mean, sd := floats.Sum(y)/40000, 0.0
	for _, v := range y {
		sd += (v - mean) * (v - mean)
	}
	sd = math.Sqrt(sd / 40000)
	// Standard errors 1/√N = 0.005 for the mean and ≈ 1/√(2N) for the sd.
	if math.Abs(mean) > 5*0.005 || math.Abs(sd-1) > 5*0.0036 {
		t.Errorf("Gaussian labels: mean %v, sd %v", mean, sd)
	}
	X := mat.NewDense(3, 1, []float64{1, 2, 3})
	double := func(dst []float64, X mat.Matrix) []float64 {
		n, _ := X.Dims()
		out := make([]float64, n)
		for i := range out {
			out[i] = 2 * X.At(i, 0)
		}
		return out
	}
	got, err := datasets.TeacherLabels(double, X, 0, nil)
	if err != nil || !floats.Equal(got, []float64{2, 4, 6}) {
		t.Errorf("TeacherLabels = %v, %v", got, err)
	}
	noisy, _ := datasets.TeacherLabels(double, X, 0.1, rand.New(rand.NewPCG(5, 5)))
	if floats.Equal(noisy, got) || floats.Distance(noisy, got, math.Inf(1)) > 0.6 {
		t.Errorf("noisy labels %v", noisy)
	}
	nan := func(dst []float64, X mat.Matrix) []float64 { return []float64{1, math.NaN(), 0} }
	if _, err := datasets.TeacherLabels(nan, X, 0, nil); !errors.Is(err, datasets.ErrNotFinite) {
		t.Errorf("TeacherLabels with NaN: %v, want ErrNotFinite", err)
	}
}

func ExampleSeparatedSphere() {
	rnd := rand.New(rand.NewPCG(1, 1))
	X, err := datasets.SeparatedSphere(10, 3, 0.8, 0, rnd)
	if err != nil {
		fmt.Println(err)
		return
	}
	phi := math.Inf(1)
	for i := 0; i < 10; i++ {
		for j := i + 1; j < 10; j++ {
			phi = math.Min(phi, floats.Distance(X.RawRowView(i), X.RawRowView(j), 2))
		}
	}
	fmt.Printf("φ = %.3f ≥ 0.8\n", phi)
	// Output:
	// φ = 0.819 ≥ 0.8
}

func ExampleSphere() {
	rnd := rand.New(rand.NewPCG(1, 1))
	X := datasets.Sphere(3, 4, rnd)      // 3 points on S³ ⊂ R⁴
	y := datasets.GaussianLabels(3, rnd) // y_i ~ N(0, 1)
	for i := 0; i < 3; i++ {
		fmt.Printf("‖x_%d‖ = %.3f, y_%d = %.3f\n", i, floats.Norm(X.RawRowView(i), 2), i, y[i])
	}
	// Output:
	// ‖x_0‖ = 1.000, y_0 = 1.604
	// ‖x_1‖ = 1.000, y_1 = -0.114
	// ‖x_2‖ = 1.000, y_2 = -1.971
}

func ExampleTeacherLabels() {
	X := mat.NewDense(3, 2, []float64{1, 0, 0, 1, -1, -1})
	// A teacher f(x) = relu(x₁) + relu(x₂), in the form of relu.Net.Forward.
	teacher := func(dst []float64, X mat.Matrix) []float64 {
		n, _ := X.Dims()
		out := make([]float64, n)
		for i := range out {
			out[i] = math.Max(0, X.At(i, 0)) + math.Max(0, X.At(i, 1))
		}
		return out
	}
	y, err := datasets.TeacherLabels(teacher, X, 0, nil)
	fmt.Println(y, err)
	// Output:
	// [1 1 0] <nil>
}
