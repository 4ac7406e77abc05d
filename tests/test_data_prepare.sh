#!/bin/bash
# test_data_prepare.sh: results/public-data/prepare.sh on the real public
# data writes, byte for byte, the data files the protocol sweep's runs were
# trained on (their SHA-256 below: every committed run's identity rests on
# them), and trains id's vectors on the lowercased text, vi's on the text as
# it is. fastText runs 1 epoch here (JOINTNER_PREP_EMBED_EPOCHS), so the
# vectors are not the sweep's (README: two full runs give the same ones).
# Skips (77) loudly when the data or fastText is absent.
D=${JOINTNER_DATA:-$SRC/../shared/data}
if [ ! -f "$D/id/prodattr_enamex.txt" ]; then
  echo "SKIPPED: real data not found at $D (set JOINTNER_DATA)" >&2
  exit 77
fi
source "$SRC/tests/checks.sh"
need fasttext "the Debian package is needed for jointner embed"

JOINTNER_DATA=$D JOINTNER_PREP_EMBED_EPOCHS=1 ok bash "$SRC/results/public-data/prepare.sh" out
[ $fail = 0 ] || { cat out.txt; exit 1; }
cat >expected.txt <<'SUMS'
id 2928fd068d62666ae49f3df27064020d5bc6cc5f3ba036fe3345d851eb8d3f74  train.conll
id eeb3ea9f67a7658addf95f30579c67474c059215c23791a5155906d4f4ef996e  dev.conll
id 112286d73d4bd6cc86f018510d43dd2b2d1b5303c64948b65a896ef0d16ade3e  test.conll
id ba5ad1b1f843eb9e8bba1d37412c783413d0157a9da7df8cca1f3e2d49ad8c91  pretrain_train.tsv
id 15af87366ff7074ceed1fcc6b319c47bc32564e68d0108f89d706aba8dbd8d5b  pretrain_dev.tsv
id 7222f3484f9c6ba895b3364f12e08b6c5f6b6304f4ad1f7a08dece8e2b8f7b52  unlabeled.txt
id 2a66afe41198a34824f2521cda66fade31ac9742c2ec051c4fe819f8eb5422fa  augment_10k.conll
id 17fb8b08ca2443da6b4b97ad49fa0a8868868405e7f2977dd1e10c73f3be8e3c  augment_50k.conll
th 4e45371e1e610af8891a279b3a90a0a96936566ca95302ffbd616662abe17f86  train.conll
th 8c11a451eaebf921779a14633c873919104efd99ddec1a4633dfc6bcec4f75b9  dev.conll
th 24b4e9c4e3de584a72954a892bc9bc74a6682bdc05f4bd9ca7a25140e63364b1  test.conll
th 339151f6b3f9805d6ecf398bed1d5b85241d44704c2cda1bad1844ed978aba6e  pretrain_train.tsv
th fbd9f9aa383bd1dd33b2f0e628cfce1654a73682b413e1ee14e0da239cb45b7e  pretrain_dev.tsv
th e324cd57fa0448b06abf0eb7bef31bd01f52dc24b3578d203a39da74b53c94e7  unlabeled.txt
th fdbf6723d6aa4d7ac5c672989b0b2593de6f4f2164dcdb7518272b54fdaf835f  augment_10k.conll
th fdbf6723d6aa4d7ac5c672989b0b2593de6f4f2164dcdb7518272b54fdaf835f  augment_50k.conll
vi 63a3fffd4e56ace52eb871583b83f01473da991cbcd00c5d0dc8e6d0590d76ba  train.conll
vi 31a39e7e123880207c6b81360f1536e9a14379ed46a9b2fe75c6d43feac7913e  dev.conll
vi d5df67f63ec42860656cee615f498c65c82fa0d311f063ffbb83f665801968a1  test.conll
vi bf44a817d0f5249cd9d2c94785d9fc2018aea2c756945b1621c4ab0f3bfd39a7  pretrain_train.tsv
vi 4489ffa6a0a4e4ae02fd938b557af84b9d71dd490968a0312a9ce2763b1ad3c7  pretrain_dev.tsv
vi 7e8911239eafe639f20584aa5915dfc2bee7c6c8f4e2d5c6063a4667ca5f0fb3  unlabeled.txt
vi 0239302513972fa51ad694984048fb5c26e7bd865d064333530c0894242976c0  augment_10k.conll
vi 0239302513972fa51ad694984048fb5c26e7bd865d064333530c0894242976c0  augment_50k.conll
SUMS
for l in id th vi; do grep -v ' vectors.vec$' "out/$l/sha256sums.txt" | sed "s/^/$l /"; done >got.txt
same got.txt expected.txt
# id's vectors: no word with a capital; vi's: words with capitals
upper() { awk 'NR > 1 { print $1 }' "out/$1/vectors.vec" | grep -c '[[:upper:]]'; }
[ "$(upper id)" = 0 ] || { echo "FAIL: id's vectors have $(upper id) words with capitals"; fail=1; }
[ "$(upper vi)" -gt 100 ] || { echo "FAIL: vi's vectors have only $(upper vi) words with capitals"; fail=1; }
grep -q 'lowercased by embed --lowercase' out/id/counts.txt || { echo "FAIL: id's counts.txt does not say its vectors are lowercased"; fail=1; }
! grep -q 'lowercased by embed' out/th/counts.txt out/vi/counts.txt || { echo "FAIL: th's or vi's vectors lowercased"; fail=1; }
[ $fail = 0 ] && echo "test_data_prepare: all checks passed"
exit $fail
