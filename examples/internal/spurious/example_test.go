// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package spurious_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/relulab/relulab/examples/internal/spurious"
)

// A small Safran–Shamir sweep without extra neurons: spurious minima appear
// as k grows.
func ExampleRun() {
	c := spurious.Config{K: []int{6, 8, 10}, Extra: []int{0}, Runs: 6, Seed: 1}
	if err := spurious.Run(context.Background(), c, os.Stdout, os.Stderr); err != nil {
		log.Fatal(err)
	}
	// Output:
	// Safran–Shamir sweep: k = 6,8,10, ℓ = 0, 6 runs each, seed 1; 18 runs
	//    k   n  runs  global  spurious  saddle/undecided  spurious fraction [95% CI]  orbits  types of the spurious minima
	//    6   6     6       6         0                 0        0.000 [0.000, 0.390]       0
	//    8   8     6       5         1                 0        0.167 [0.030, 0.564]       1  (7,1)×1
	//   10  10     6       4         2                 0        0.333 [0.097, 0.700]       1  (8,2)×2
}

// The 95% Wilson interval of 3 spurious minima in 20 runs.
func ExampleWilson() {
	lo, hi := spurious.Wilson(3, 20, 0.95)
	fmt.Printf("%.2f [%.4f, %.4f]\n", 3/20.0, lo, hi)
	// Output:
	// 0.15 [0.0524, 0.3604]
}
