;; SIMD kernels of SONA's hot loops, assembled by scripts/build-wasm.ts (wabt) into
;; kernels.wasm.ts. Every export has a plain JavaScript twin in reference.ts, and
;; test/unit/algorithms/kernels.test.ts checks that they agree.
;; Pointers are byte offsets into the imported memory; lengths count float32 elements.
;; The memory is shared so that ALS worker threads can run the same module over the same
;; factors; nothing here synchronises, callers give each thread its own rows and scratch.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Σ a[i]·b[i] for i < n: eight lanes per turn in two accumulators, then a scalar tail.
  (func $dot (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f32)
    (local $end i32) (local $acc0 v128) (local $acc1 v128) (local $s f32)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $acc1 (f32x4.add (local.get $acc1)
          (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $loop)))
    (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $acc1)))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 2))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $tail)))
    (local.get $s))

  ;; y[i] = y[i] + alpha·x[i] for i < n.
  (func $axpy (export "axpy") (param $alpha f32) (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $va v128)
    (local.set $va (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $y) (f32x4.add (v128.load (local.get $y)) (f32x4.mul (local.get $va) (v128.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $loop)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $y) (f32.add (f32.load (local.get $y)) (f32.mul (local.get $alpha) (f32.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $tail))))

  ;; p[i] = r[i] + beta·p[i] for i < n (the conjugate-gradient direction update).
  (func $xpay (param $r i32) (param $beta f32) (param $p i32) (param $n i32)
    (local $i i32)
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (f32.store (local.get $p) (f32.add (f32.load (local.get $r)) (f32.mul (local.get $beta) (f32.load (local.get $p)))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $loop))))

  ;; out[r] = Σ_k m[r·cols + k]·x[k] for r < rows: a row-major matrix times a vector.
  (func $gemv (export "gemv") (param $m i32) (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $stride i32) (local $last i32)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $last (i32.add (local.get $out) (i32.shl (local.get $rows) (i32.const 2))))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $out) (local.get $last)))
        (f32.store (local.get $out) (call $dot (local.get $m) (local.get $x) (local.get $cols)))
        (local.set $m (i32.add (local.get $m) (local.get $stride)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $loop))))

  ;; Rows a0 ≤ a < a1 of out += Σ_r y_r y_rᵀ over the rows r of the rows × f matrix y (out is
  ;; f × f, row-major). Threads split the Gramian by its rows, so every element is summed in the
  ;; same order whatever the split. Two rows of y per turn: each row of out is loaded once for both.
  (func (export "gram") (param $y i32) (param $rows i32) (param $f i32) (param $out i32) (param $a0 i32) (param $a1 i32)
    (local $stride i32) (local $end i32) (local $y1 i32) (local $a i32) (local $o i32) (local $k i32)
    (local $u0 v128) (local $u1 v128) (local $s0 f32) (local $s1 f32) (local $vend i32)
    (local.set $stride (i32.shl (local.get $f) (i32.const 2)))
    (local.set $vend (i32.and (local.get $f) (i32.const -4)))
    (local.set $end (i32.add (local.get $y) (i32.mul (i32.and (local.get $rows) (i32.const -2)) (local.get $stride))))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.ge_u (local.get $y) (local.get $end)))
        (local.set $y1 (i32.add (local.get $y) (local.get $stride)))
        (local.set $a (local.get $a0))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $a0) (local.get $stride))))
        (block $rows_done
          (loop $outer
            (br_if $rows_done (i32.ge_u (local.get $a) (local.get $a1)))
            (local.set $s0 (f32.load (i32.add (local.get $y) (i32.shl (local.get $a) (i32.const 2)))))
            (local.set $s1 (f32.load (i32.add (local.get $y1) (i32.shl (local.get $a) (i32.const 2)))))
            (local.set $u0 (f32x4.splat (local.get $s0)))
            (local.set $u1 (f32x4.splat (local.get $s1)))
            (local.set $k (i32.const 0))
            (block $v_done
              (loop $v
                (br_if $v_done (i32.ge_u (local.get $k) (local.get $vend)))
                (v128.store (i32.add (local.get $o) (i32.shl (local.get $k) (i32.const 2)))
                  (f32x4.add (v128.load (i32.add (local.get $o) (i32.shl (local.get $k) (i32.const 2))))
                    (f32x4.add
                      (f32x4.mul (local.get $u0) (v128.load (i32.add (local.get $y) (i32.shl (local.get $k) (i32.const 2)))))
                      (f32x4.mul (local.get $u1) (v128.load (i32.add (local.get $y1) (i32.shl (local.get $k) (i32.const 2))))))))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $v)))
            (block $t_done
              (loop $t
                (br_if $t_done (i32.ge_u (local.get $k) (local.get $f)))
                (f32.store (i32.add (local.get $o) (i32.shl (local.get $k) (i32.const 2)))
                  (f32.add (f32.load (i32.add (local.get $o) (i32.shl (local.get $k) (i32.const 2))))
                    (f32.add
                      (f32.mul (local.get $s0) (f32.load (i32.add (local.get $y) (i32.shl (local.get $k) (i32.const 2)))))
                      (f32.mul (local.get $s1) (f32.load (i32.add (local.get $y1) (i32.shl (local.get $k) (i32.const 2))))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $t)))
            (local.set $o (i32.add (local.get $o) (local.get $stride)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $outer)))
        (local.set $y (i32.add (local.get $y1) (local.get $stride)))
        (br $pairs)))
    ;; An odd last row.
    (if (i32.and (local.get $rows) (i32.const 1))
      (then
        (local.set $a (local.get $a0))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $a0) (local.get $stride))))
        (block $last_done
          (loop $last
            (br_if $last_done (i32.ge_u (local.get $a) (local.get $a1)))
            (call $axpy (f32.load (i32.add (local.get $y) (i32.shl (local.get $a) (i32.const 2)))) (local.get $y) (local.get $o) (local.get $f))
            (local.set $o (i32.add (local.get $o) (local.get $stride)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $last))))))

  ;; `steps` conjugate-gradient steps on one ALS row's system A x = b, where
  ;; A = G + Σ_k (c_k − 1) y_k y_kᵀ and b = Σ_k c_k y_k, c_k = 1 + alpha·val[k], over the row's
  ;; entries k in [start, end) (item indices idx[k] into y, rows × f). Starts from, and writes
  ;; back to, the f floats at xo. `s` is 4·⌈f/4⌉ floats of scratch owned by the caller's thread.
  (func (export "cg_row")
    (param $gram i32) (param $y i32) (param $xo i32) (param $idx i32) (param $val i32)
    (param $start i32) (param $end i32) (param $f i32) (param $alpha f32) (param $steps i32) (param $s i32)
    (local $x i32) (local $r i32) (local $p i32) (local $ap i32) (local $stride i32) (local $bytes i32)
    (local $k i32) (local $yb i32) (local $it i32)
    (local $c f32) (local $rsold f32) (local $rsnew f32) (local $pap f32) (local $step f32)
    (local.set $bytes (i32.shl (local.get $f) (i32.const 2)))
    (local.set $stride (i32.shl (i32.and (i32.add (local.get $f) (i32.const 3)) (i32.const -4)) (i32.const 2)))
    (local.set $x (local.get $s))
    (local.set $r (i32.add (local.get $x) (local.get $stride)))
    (local.set $p (i32.add (local.get $r) (local.get $stride)))
    (local.set $ap (i32.add (local.get $p) (local.get $stride)))
    (memory.copy (local.get $x) (local.get $xo) (local.get $bytes))
    ;; r = b − A x, computed as −(G x) then + (c − (c − 1)·y·x)·y per entry.
    (call $gemv (local.get $gram) (local.get $x) (local.get $r) (local.get $f) (local.get $f))
    (memory.fill (local.get $p) (i32.const 0) (local.get $bytes))
    (call $xpay (local.get $p) (f32.const -1) (local.get $r) (local.get $f)) ;; r = 0 − r
    (local.set $k (local.get $start))
    (block $b_done
      (loop $b
        (br_if $b_done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $c (f32.add (f32.const 1) (f32.mul (local.get $alpha) (f32.load (i32.add (local.get $val) (i32.shl (local.get $k) (i32.const 2)))))))
        (local.set $yb (i32.add (local.get $y) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 2)))) (local.get $bytes))))
        (call $axpy
          (f32.sub (local.get $c) (f32.mul (f32.sub (local.get $c) (f32.const 1)) (call $dot (local.get $yb) (local.get $x) (local.get $f))))
          (local.get $yb) (local.get $r) (local.get $f))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $b)))
    (memory.copy (local.get $p) (local.get $r) (local.get $bytes))
    (local.set $rsold (call $dot (local.get $r) (local.get $r) (local.get $f)))
    (block $cg_done
      (loop $cg
        (br_if $cg_done (i32.ge_u (local.get $it) (local.get $steps)))
        (br_if $cg_done (f32.lt (local.get $rsold) (f32.const 1e-20)))
        ;; ap = A p
        (call $gemv (local.get $gram) (local.get $p) (local.get $ap) (local.get $f) (local.get $f))
        (local.set $k (local.get $start))
        (block $a_done
          (loop $a
            (br_if $a_done (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $yb (i32.add (local.get $y) (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 2)))) (local.get $bytes))))
            (call $axpy
              (f32.mul (f32.mul (local.get $alpha) (f32.load (i32.add (local.get $val) (i32.shl (local.get $k) (i32.const 2)))))
                (call $dot (local.get $yb) (local.get $p) (local.get $f)))
              (local.get $yb) (local.get $ap) (local.get $f))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $a)))
        (local.set $pap (call $dot (local.get $p) (local.get $ap) (local.get $f)))
        (br_if $cg_done (i32.eqz (f32.gt (local.get $pap) (f32.const 0))))
        (local.set $step (f32.div (local.get $rsold) (local.get $pap)))
        (call $axpy (local.get $step) (local.get $p) (local.get $x) (local.get $f))
        (call $axpy (f32.neg (local.get $step)) (local.get $ap) (local.get $r) (local.get $f))
        (local.set $rsnew (call $dot (local.get $r) (local.get $r) (local.get $f)))
        (call $xpay (local.get $r) (f32.div (local.get $rsnew) (local.get $rsold)) (local.get $p) (local.get $f))
        (local.set $rsold (local.get $rsnew))
        (local.set $it (i32.add (local.get $it) (i32.const 1)))
        (br $cg)))
    (memory.copy (local.get $xo) (local.get $x) (local.get $bytes)))
)
