// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package overparam_test

import (
	"context"
	"fmt"

	"github.com/relulab/relulab/examples/internal/overparam"
)

func ExampleStudy() {
	c := overparam.Config{N: 20, D: 10, Widths: []int{50, 5000}, Steps: 40, Every: 40, NoLambda: true, Seed: 1}
	res, err := overparam.Study(context.Background(), c, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range res.Trajectory {
		if r.Step == c.Steps {
			fmt.Printf("m = %4d: loss %.2g, patterns changed %.3f, max distance %.3f\n", r.M, r.Loss, r.PatternChanged, r.MaxDist)
		}
	}
	// Output:
	// m =   50: loss 0.0027, patterns changed 0.110, max distance 1.719
	// m = 5000: loss 0.00036, patterns changed 0.010, max distance 0.174
}
