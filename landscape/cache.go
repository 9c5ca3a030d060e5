// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package landscape

import (
	"sync"

	"gonum.org/v1/gonum/mat"
)

// problemCache holds the problems with teacher I_k, which are immutable.
type problemCache struct {
	mu sync.Mutex
	m  map[int]*Problem
}

func newProblemCache() *problemCache { return &problemCache{m: make(map[int]*Problem)} }

func (c *problemCache) get(k int) *Problem {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.m[k]; ok {
		return p
	}
	id := mat.NewDense(k, k, nil)
	for i := 0; i < k; i++ {
		id.Set(i, i, 1)
	}
	p, err := NewProblem(id, nil, nil)
	if err != nil {
		panic(err) // I_k is finite
	}
	c.m[k] = p
	return p
}
