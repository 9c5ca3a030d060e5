// Copyright ©2026 The relulab Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build amd64 && !purego

#include "textflag.h"

// func cpuid(eax, ecx uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eax+0(FP), AX
	MOVL ecx+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() (eax uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-4
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	RET

// func acosSqrtAVX2(c, t, s *float64, n int, k *[18]float64)
//
// For i < n (a multiple of 4): t[i] = acos(c[i]), s[i] = √(1 − c[i]²), with
// the operations of the Go functions acos and asinSmall in the same order
// (no fused multiply-adds), both branches computed and blended. k holds
// 1, ½, π, π/2, −0 and the coefficients asinR[0…12].
TEXT ·acosSqrtAVX2(SB), NOSPLIT, $0-40
	MOVQ c+0(FP), SI
	MOVQ t+8(FP), DI
	MOVQ s+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ k+32(FP), R8
	VBROADCASTSD 0(R8), Y13  // 1
	VBROADCASTSD 8(R8), Y14  // ½
	VBROADCASTSD 32(R8), Y15 // −0 (sign bits)
	SHRQ $2, CX
	JZ   done

loop:
	VMOVUPD (SI), Y0              // x
	VMULPD  Y0, Y0, Y1            // x²
	VSUBPD  Y1, Y13, Y1           // 1 − x²
	VSQRTPD Y1, Y1
	VMOVUPD Y1, (DX)              // s
	VANDNPD Y0, Y15, Y2           // a = |x|
	VCMPPD  $0x1e, Y14, Y2, Y3    // big = a > ½
	VSUBPD  Y2, Y13, Y4           // 1 − a (= 1 + x for x < 0)
	VMULPD  Y14, Y4, Y4           // (1 − a)/2
	VSQRTPD Y4, Y4
	VBLENDVPD Y3, Y4, Y0, Y5      // y = big ? √((1 − a)/2) : x
	VMULPD  Y5, Y5, Y6            // z = y²
	VBROADCASTSD (17*8)(R8), Y7   // r = asinR[12]
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (128)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (120)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (112)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (104)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (96)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (88)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (80)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (72)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (64)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (56)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (48)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD       Y6, Y7, Y7
	VBROADCASTSD (40)(R8), Y8
	VADDPD       Y8, Y7, Y7
	VMULPD  Y6, Y5, Y8            // y·z
	VMULPD  Y7, Y8, Y8            // y·z·r
	VADDPD  Y8, Y5, Y8            // p = y + y·z·r
	VADDPD  Y8, Y8, Y9            // 2p
	VBROADCASTSD 16(R8), Y10      // π
	VSUBPD  Y9, Y10, Y10          // π − 2p
	VBLENDVPD Y0, Y10, Y9, Y9     // x < 0 ? π − 2p : 2p
	VBROADCASTSD 24(R8), Y10      // π/2
	VSUBPD  Y8, Y10, Y10          // π/2 − p
	VBLENDVPD Y3, Y9, Y10, Y10    // big ? … : π/2 − p
	VMOVUPD Y10, (DI)             // t
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, DX
	DECQ CX
	JNZ  loop

done:
	VZEROUPPER
	RET
