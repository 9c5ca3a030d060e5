// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build linux

package team

import "syscall"

// osYield gives the thread's core to another runnable thread, if any (a
// polling goroutine must not keep the one it waits for off a loaded
// machine's cores); it returns at once on an idle machine.
func osYield() {
	syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0)
}
