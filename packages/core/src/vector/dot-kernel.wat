;; SIMD dot products of one query against `rows` contiguous rows (f32, `dim` a multiple of 8).
;; Source of dot-kernel-wasm.ts; regenerate with: npx -y -p wabt@1.0.37 wat2wasm dot-kernel.wat -o k.wasm && base64 -w0 k.wasm
(module
  (memory (export "memory") 1)
  (func (export "dots") (param $q i32) (param $base i32) (param $rows i32) (param $dim i32) (param $out i32)
    (local $r i32) (local $j i32) (local $row i32) (local $bytes i32)
    (local $a v128) (local $b v128)
    (local.set $row (local.get $base))
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        ;; Two accumulators hide the latency of the dependent adds.
        (local.set $a (v128.const f32x4 0 0 0 0))
        (local.set $b (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $row_done
          (loop $inner
            (br_if $row_done (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $a (f32x4.add (local.get $a)
              (f32x4.mul (v128.load (i32.add (local.get $q) (local.get $j)))
                         (v128.load (i32.add (local.get $row) (local.get $j))))))
            (local.set $b (f32x4.add (local.get $b)
              (f32x4.mul (v128.load offset=16 (i32.add (local.get $q) (local.get $j)))
                         (v128.load offset=16 (i32.add (local.get $row) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $inner)))
        (local.set $a (f32x4.add (local.get $a) (local.get $b)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
            (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))
        (local.set $row (i32.add (local.get $row) (local.get $bytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))))
