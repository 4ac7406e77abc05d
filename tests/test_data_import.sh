#!/bin/bash
# test_data_import.sh: every `jointner data import` format on small
# hand-made files, including malformed ones that must fail with file:line.
source "$SRC/tests/checks.sh"

# --- enamex ---
cat >e.txt <<'X'
"<ENAMEX TYPE="BRAND"> Makita </ENAMEX> <ENAMEX TYPE="TYPE"> Mesin Potong </ENAMEX> , (murah) <ENAMEX TYPE="NAME"> X1 </ENAMEX>"
"Kaos <ENAMEX TYPE="GENDER"> Pria </ENAMEX> <ENAMEX TYPE="MOTIVE"> Garis </ENAMEX> <ENAMEX TYPE="BRAND"> </ENAMEX>"
"<ENAMEX TYPE="BRAND"> SONY <ENAMEX TYPE="NAME"> XPERIA </ENAMEX>"
"<ENAMEX TYPE="COLOR"> Merah Tua </ENAMEX> <ENAMEX TYPE="MATERIAL"> katun </ENAMEX>"
"tas <ENAMEX TYPE="THEME"> kartun </ENAMEX> <ENAMEX TYPE="AGE"> anak </ENAMEX>"
X
bad 'e.txt:3: skipped: nested <ENAMEX>' $J data import --format enamex --in e.txt --out en --split 2,1,1
[ -e en/train.conll ] && { echo "FAIL: enamex wrote output despite failing"; fail=1; }
ok $J data import --format enamex --in e.txt --out en --split 2,1,1 --max-skip 1
for l in "sentences 4" "entity BRAND 1" "entity PRODUCT 1" "entity CONSUMER_GROUP 2" "entity PATTERN 2" \
         "entity COLOR 1" "entity MATERIAL 1" "unmapped NAME 1" "unmapped (empty) 1" "skipped 1"; do has "$l" out.txt; done
cat en/train.conll en/dev.conll en/test.conll >en_all.conll
printf 'Makita\tS-BRAND\nMesin\tB-PRODUCT\nPotong\tE-PRODUCT\n,\tO\n(\tO\nmurah\tO\n)\tO\nX1\tO\n\n' >expect.conll
grep -A8 '^Makita' en_all.conll >got.conll; same got.conll expect.conll
printf '"ok"\n"bad \xff byte"\n' >e_utf8.txt
bad 'e_utf8.txt:2: invalid UTF-8' $J data import --format enamex --in e_utf8.txt --out en2 --split 1,0,0

# --- bio ---
printf 'Budi\tB-PPL\nSantoso\tI-PPL\n \tI-PPL\nke\tO\nJakarta\tB-PLC\n\nsatu dua\tO\n \tB-EVT\nhut\tI-EVT\n\n# label = NEWS\nx O\n\n\nA\tS-LOC\nB\tB-ORG\nC\tE-ORG\n' >a.bio
ok $J data import --format bio --in a.bio --out a.conll
printf 'Budi\tB-PPL\nSantoso\tE-PPL\nke\tO\nJakarta\tS-PLC\n\nsatu_dua\tO\nhut\tS-EVT\n\n# label = NEWS\nx\tO\n\nA\tS-LOC\nB\tB-ORG\nC\tE-ORG\n\n' >expect.conll
same a.conll expect.conll
has "sentences 4" out.txt; has "label NEWS 1" out.txt; has "entity PPL 1" out.txt; has "dropped-entities 0" out.txt
gzip -c a.bio > a.bio.gz # gzip input: read as its text
ok $J data import --format bio --in a.bio.gz --out a_gz.conll
same a_gz.conll expect.conll
head -c 60 a.bio.gz > cut.bio.gz # truncated: an error at the line where the text stops
bad ': cannot read: unexpected end of file' $J data import --format bio --in cut.bio.gz --out b.conll
grep -q 'cut.bio.gz:[0-9]*: cannot read' err.txt || { echo "FAIL: no file:line in $(cat err.txt)"; fail=1; }
printf 'a\tO\nb\tO\nlonely\n' >b1.bio
bad 'b1.bio:3: expected TOKEN<TAB>TAG' $J data import --format bio --in b1.bio --out b.conll
printf 'a\tO\n\nb\tX-PER\n' >b2.bio
bad "b2.bio:3: bad tag 'X-PER'" $J data import --format bio --in b2.bio --out b.conll
for i in 1 2 3 4 5 6; do printf 'w%d\tB-X\nv%d\tO\n\n' $i $i; done >six.bio
ok $J data import --format bio --in six.bio --out s1 --split 2,1,1 --seed 7
ok $J data import --format bio --in six.bio --out s2 --split 2,1,1 --seed 7
for f in train.conll dev.conll test.conll unlabeled.txt; do same s1/$f s2/$f; done
[ "$(cat s1/unlabeled.txt | wc -l)" = 2 ] || { echo "FAIL: unlabeled.txt should have 2 lines"; fail=1; }
bad 'split 5,1,1 needs 7 sentences, have 6' $J data import --format bio --in six.bio --out s3 --split 5,1,1

# --- csv-title ---
printf 'itemid,title,label\n1,"pink, matte ""lip"" cream",2\n2,bedak  padat,0\n3,"two\nlines",1\n' >ndsc_beauty.csv
printf '7,kemeja pria,1\n' >ndsc_fashion.csv
printf '{"Beauty": {"Foundation": 0, "BB & CC Cream": 1, "Lipstick": 2}, "Fashion": {"Blouse": 17, "Shirt": 18}, "Mobile": {}}' >cat.json
ok $J data import --format csv-title --in ndsc_beauty.csv,ndsc_fashion.csv --label-map domain --out d.tsv
printf 'HEALTH_BEAUTY\tpink , matte " lip " cream\nHEALTH_BEAUTY\tbedak padat\nHEALTH_BEAUTY\ttwo lines\nFASHION\tkemeja pria\n' >expect.tsv
same d.tsv expect.tsv
ok $J data import --format csv-title --in ndsc_beauty.csv,ndsc_fashion.csv --label-map category --categories cat.json --out c.tsv
has "label Lipstick 1" out.txt; has "label BB_&_CC_Cream 1" out.txt; has "label Shirt 1" out.txt
ok $J data import --format csv-title --in ndsc_beauty.csv --out u.txt
printf 'pink , matte " lip " cream\nbedak padat\ntwo lines\n' >expect.txt; same u.txt expect.txt
printf '1,a,0\n2,b\n' >ndsc_mobile.csv
bad 'ndsc_mobile.csv:2: expected 3 fields' $J data import --format csv-title --in ndsc_mobile.csv --label-map domain --out m.tsv
printf '1,a,0\n2,"open,1\n' >ndsc_mobile.csv
bad 'ndsc_mobile.csv:2: unterminated quoted field' $J data import --format csv-title --in ndsc_mobile.csv --out m.tsv
printf '1,a,x\n' >ndsc_mobile.csv
bad "ndsc_mobile.csv:1: label 'x' is not a non-negative integer" $J data import --format csv-title --in ndsc_mobile.csv --label-map domain --out m.tsv
printf '1,,0\n' >ndsc_mobile.csv
bad 'ndsc_mobile.csv:1: skipped: empty title' $J data import --format csv-title --in ndsc_mobile.csv --out m.tsv
ok $J data import --format csv-title --in ndsc_mobile.csv --out m.tsv --max-skip 1

# --- tsv ---
printf 'tempat nya nyaman !\tpositive\nmakanan  ,  buruk\tnegative\n' >s.tsv
ok $J data import --format tsv --in s.tsv --out s_out.tsv
printf 'positive\ttempat nya nyaman !\nnegative\tmakanan , buruk\n' >expect.tsv; same s_out.tsv expect.tsv
printf 'ok\tpositive\nno label here\n' >s_bad.tsv
bad 's_bad.tsv:2: expected text<TAB>label' $J data import --format tsv --in s_bad.tsv --out x.tsv

# --- jsonl ---
printf '{"category":"pos","texts":"\\u0e2a\\u0e27\\u0e31\\u0e2a\\u0e14\\u0e35\\u0e04\\u0e23\\u0e31\\u0e1a"}\n{"category":"neg","texts":"ขอบคุณมากค่ะ Shopee"}\n' >w.jsonl
ok $J data import --format jsonl --in w.jsonl --out w.tsv
printf 'pos\tสวัสดี ครับ\nneg\tขอบคุณ มาก ค่ะ Shopee\n' >expect.tsv; same w.tsv expect.tsv
printf '{"category":"pos","texts":"a"}\n{"category":"pos",\n' >w_bad.jsonl
bad 'w_bad.jsonl:2: not a JSON object' $J data import --format jsonl --in w_bad.jsonl --out x.tsv
printf '{"category":"pos"}\n' >w_bad2.jsonl
bad 'w_bad2.jsonl:1: no string field "texts"' $J data import --format jsonl --in w_bad2.jsonl --out x.tsv
if command -v python3 >/dev/null && command -v unzip >/dev/null; then
  python3 -c "import zipfile; z=zipfile.ZipFile('w.zip','w'); z.write('w.jsonl','data/train.jsonl')"
  ok $J data import --format jsonl --in w.zip --member data/train.jsonl --out wz.tsv
  same wz.tsv expect.tsv
  bad 'unzip -p failed' $J data import --format jsonl --in w.zip --member data/none.jsonl --out x.tsv
fi

# --- tiki ---
printf '\xef\xbb\xbfname;description;brand;category\r\nÁo thun Coolmate nam;"desc; with; semicolons";Coolmate;Thời trang Nam\r\náo thun COOLMATE nam;dup;Coolmate;Thời trang Nam\r\nĐầm maxi;x;OEM;Thời trang nữ\r\n' >tiki_a.csv
printf 'product_name,description,brand,category,text,label\nĐiện thoại Samsung Galaxy A15,d,Samsung,Điện thoại & Phụ kiện,t,1\n' >tiki_b.csv
ok $J data import --format tiki --in tiki_a.csv,tiki_b.csv --out t.conll
printf '# label = Thời_trang_Nam\nÁo\tO\nthun\tO\nCoolmate\tS-BRAND\nnam\tO\n\n# label = Thời_trang_nữ\nĐầm\tO\nmaxi\tO\n\n# label = Điện_thoại_&_Phụ_kiện\nĐiện\tO\nthoại\tO\nSamsung\tS-BRAND\nGalaxy\tO\nA15\tO\n\n' >expect.conll
same t.conll expect.conll
has "duplicates 1" out.txt; has "sentences 3" out.txt; has "titles-with-brand 2" out.txt
printf 'name;brand;category\nx;y\n' >tiki_bad.csv
bad 'tiki_bad.csv:2: expected 3 fields, got 2' $J data import --format tiki --in tiki_bad.csv --out x.conll
printf 'title;brand\nx;y\n' >tiki_bad2.csv
bad 'tiki_bad2.csv:1: header needs columns' $J data import --format tiki --in tiki_bad2.csv --out x.conll

# --- shopee-coreterms ---
printf 'product_name,core_terms,brand,stop_words,itemid,main_cat,weekly_orders\nBAJU Batik Keris motif,"batik, baju",KERIS,"x, y",1,33,5\nbaju batik keris MOTIF,BATIK,KERIS,,1,33,\nSepatu Nike Air,sepatu,nike air,,2,33,1\n' >shopee_coreterms_33.csv
printf 'product_name,core_terms,brand,stop_words\nTas Ransel Eiger,tas ransel,Eiger,\nEiger Eiger,eiger,Eiger,\nsepatu nike air,sepatu,,\n' >shopee_coreterms_40.csv
ok $J data import --format shopee-coreterms --in shopee_coreterms_33.csv,shopee_coreterms_40.csv --out sc.conll
printf '# label = 33\nBAJU\tS-PRODUCT\nBatik\tS-PRODUCT\nKeris\tS-BRAND\nmotif\tO\n\n# label = 33\nSepatu\tS-PRODUCT\nNike\tB-BRAND\nAir\tE-BRAND\n\n# label = 40\nTas\tB-PRODUCT\nRansel\tE-PRODUCT\nEiger\tS-BRAND\n\n# label = 40\nEiger\tS-BRAND\nEiger\tS-BRAND\n\n' >expect.conll
same sc.conll expect.conll
for l in "sentences 4" "duplicates 2" "duplicate-conflicts 1" "titles-with-brand 4" "titles-with-product 3" "entity PRODUCT 4" "entity BRAND 5" "label 40 2"; do has "$l" out.txt; done
printf 'product_name,core_terms,brand\nx,y,z\n' >coreterms.csv
bad 'coreterms.csv:1: no main_cat column, and the file name has no category' $J data import --format shopee-coreterms --in coreterms.csv --out x.conll
printf 'product_name,brand,main_cat\nx,y,1\n' >shopee_coreterms_1.csv
bad 'shopee_coreterms_1.csv:1: header needs columns product_name, core_terms and brand' $J data import --format shopee-coreterms --in shopee_coreterms_1.csv --out x.conll

# --- csv-columns ---
printf 'texts,texts_deepcut,destination\n"สวัสดีครับ, internet ช้า",x,internet\n"",y,other queries\nจ่าย บิล,z,billing and payment\n' >tv.csv
ok $J data import --format csv-columns --in tv.csv --text-column texts --label-column destination --out tv.tsv --max-skip 1
printf 'internet\tสวัสดี ครับ , internet ช้า\nbilling_and_payment\tจ่าย บิล\n' >expect.tsv; same tv.tsv expect.tsv
for l in "sentences 2" "skipped 1" "label internet 1" "labels 2"; do has "$l" out.txt; done
ok $J data import --format csv-columns --in tv.csv --text-column texts_deepcut --out tv.txt
printf 'x\ny\nz\n' >expect.txt; same tv.txt expect.txt
if command -v python3 >/dev/null && command -v unzip >/dev/null; then
  python3 -c "import zipfile; z=zipfile.ZipFile('tv.zip','w'); z.write('tv.csv','mari_train.csv')"
  ok $J data import --format csv-columns --in tv.zip --member mari_train.csv --text-column texts --label-column destination --out tvz.tsv --max-skip 1
  same tvz.tsv expect.tsv
  bad 'tv.zip: a .zip input needs --member' $J data import --format csv-columns --in tv.zip --text-column texts --out x.txt
fi
bad "tv.csv:1: no column 'intent' (--label-column)" $J data import --format csv-columns --in tv.csv --text-column texts --label-column intent --out x.tsv
bad 'nolabel.tsv: a labeled .tsv output needs --label-column' $J data import --format csv-columns --in tv.csv --text-column texts --out nolabel.tsv
! compgen -G 'nolabel.tsv.tmp.*' >/dev/null || { echo "FAIL: a usage error left nolabel.tsv.tmp.* behind"; fail=1; }
bad 'csv-columns needs --text-column' $J data import --format csv-columns --in tv.csv --out x.txt
printf 'texts,destination\na,b\nc\n' >tv_bad.csv
bad 'tv_bad.csv:3: expected 2 fields, got 1' $J data import --format csv-columns --in tv_bad.csv --text-column texts --label-column destination --out x.tsv

# --- class-files ---
printf 'Việt Nam thắng 2-0\nU23 vào chung kết!\n' >news_THE_THAO.txt
printf 'Giá vàng tăng\n' >news_KINH_DOANH.txt
ok $J data import --format class-files --in news_THE_THAO.txt,news_KINH_DOANH.txt --out n.tsv
printf 'THE_THAO\tViệt Nam thắng 2-0\nTHE_THAO\tU23 vào chung kết !\nKINH_DOANH\tGiá vàng tăng\n' >expect.tsv; same n.tsv expect.tsv
printf 'x\n' >noclass.txt
bad 'noclass.txt: file name must be <name>_<CLASS>.txt' $J data import --format class-files --in noclass.txt --out x.tsv
bad "unknown format 'nope'" $J data import --format nope --in a.bio --out x

[ $fail = 0 ] && echo "test_data_import: all checks passed"
exit $fail
