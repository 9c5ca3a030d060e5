// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !linux

package team

import "runtime"

// osYield lets other goroutines run.
func osYield() {
	runtime.Gosched()
}
