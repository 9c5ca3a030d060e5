// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package datasets_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/relulab/relulab/datasets"
	"github.com/relulab/relulab/relu"
)

func ExampleRandomSubspace() {
	rnd := rand.New(rand.NewPCG(1, 1))
	// P has dimension d − ℓ = 3 in R^10.
	s := datasets.RandomSubspace(10, 7, rnd)
	d, k := s.Dims()
	X, y := s.Clusters(8, 4, 0.1, rnd)
	fmt.Printf("d = %d, dim P = %d, ℓ = %d\n", d, k, s.Codim())
	fmt.Printf("‖P⊥X‖ < 1e-12: %v\n", mat.Norm(s.ProjectPerp(nil, X), 2) < 1e-12)
	fmt.Println("labels:", y)
	// Output:
	// d = 10, dim P = 3, ℓ = 7
	// ‖P⊥X‖ < 1e-12: true
	// labels: [1 -1 1 -1 1 -1 1 -1]
}

func ExampleSignLabels() {
	// Teacher-network labels for data on a subspace P: a random relu.Net
	// whose neurons are projected onto P labels points by sign f(x), so the
	// labels depend on the P-coordinates only.
	rnd := rand.New(rand.NewPCG(3, 3))
	s := datasets.RandomSubspace(50, 45, rnd)
	X := s.Gaussian(1000, 1, rnd)
	teacher := relu.NewStandard(8, 50, 1, true, rnd)
	teacher.W = s.Project(nil, teacher.W)
	for r := range teacher.B {
		teacher.B[r] = 0.1 * rnd.NormFloat64()
	}
	y, err := datasets.SignLabels(teacher.Forward, X)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Moving every point within P⊥ changes no label.
	Xs := mat.DenseCopyOf(X)
	off := mat.NewDense(1000, 50, nil)
	for i := 0; i < 1000; i++ {
		for j := 0; j < 50; j++ {
			off.Set(i, j, rnd.NormFloat64())
		}
	}
	Xs.Add(Xs, s.ProjectPerp(nil, off))
	y2, _ := datasets.SignLabels(teacher.Forward, Xs)
	var pos, same int
	for i := range y {
		if y[i] > 0 {
			pos++
		}
		if y[i] == y2[i] {
			same++
		}
	}
	fmt.Printf("both labels occur: %v; labels unchanged by P⊥ moves: %d of %d\n", pos > 0 && pos < 1000, same, len(y))
	// Output:
	// both labels occur: true; labels unchanged by P⊥ moves: 1000 of 1000
}

func ExampleDiagonal() {
	X, y := datasets.Diagonal()
	for i, l := range y {
		fmt.Printf("(%5.2f, %5.2f) %+g\n", X.At(i, 0), X.At(i, 1), l)
	}
	// Output:
	// (-1.00, -1.00) +1
	// (-0.67, -0.67) -1
	// (-0.33, -0.33) +1
	// ( 0.00,  0.00) -1
	// ( 0.33,  0.33) +1
	// ( 0.67,  0.67) -1
	// ( 1.00,  1.00) +1
}

func ExampleChessboard() {
	X, y := datasets.Chessboard()
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			if y[5*i+j] > 0 {
				fmt.Print("■")
			} else {
				fmt.Print("□")
			}
		}
		fmt.Println()
	}
	fmt.Println("z =", X.At(0, 2))
	// Output:
	// ■□■□■
	// □■□■□
	// ■□■□■
	// □■□■□
	// ■□■□■
	// z = 0.5
}

func ExampleReadIDX() {
	// A 2×3 array of unsigned bytes: magic 00 00 08 02, sizes 2 and 3.
	raw := []byte{0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6}
	a, err := datasets.ReadIDX(bytes.NewReader(raw))
	fmt.Println(a.Dims, a.Data, err)
	_, err = datasets.ReadIDX(bytes.NewReader(raw[:15]))
	fmt.Println(err)
	// Output:
	// [2 3] [1 2 3 4 5 6] <nil>
	// datasets: malformed IDX data: truncated: header [2 3] promises 6 data bytes, found 3
}

func ExamplePCA() {
	// Points on a random 2-dimensional subspace of R^6 are reproduced
	// exactly by their rank-2 PCA projection.
	rnd := rand.New(rand.NewPCG(2, 2))
	s := datasets.RandomSubspace(6, 4, rnd)
	X := s.Gaussian(30, 1, rnd)
	p, Xp, kept, err := datasets.PCA(X, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	var diff mat.Dense
	diff.Sub(X, Xp)
	fmt.Printf("kept %.6f, max |X − Xp| < 1e-12: %v, ℓ = %d\n", kept, mat.Norm(&diff, math.Inf(1)) < 1e-12, p.Codim())
	// Output:
	// kept 1.000000, max |X − Xp| < 1e-12: true, ℓ = 4
}
