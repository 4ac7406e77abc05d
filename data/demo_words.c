/* demo_words.c: word lists of the generated demo product titles. */
#include "data/demo_words.h"
#include <stddef.h>

const char *const demo_category_names[DEMO_CATEGORIES] = {
    "FASHION", "HEALTH_BEAUTY", "ELECTRONICS", "HOME_LIVING", "MOTHER_BABY", "SPORTS_OUTDOOR"};

const char *const demo_brands[DEMO_CATEGORIES][10] = {
    {"Zara", "Uniqlo", "H&M", "Canifa", "Levi's", "Routine", "Erigo", "Jaspal", NULL},
    {"Maybelline", "3CE", "Innisfree", "La Roche-Posay", "Wardah", "Emina", "Cocoon", "Srichand", "Garnier", NULL},
    {"Samsung", "Xiaomi", "Apple", "Oppo", "Anker", "JBL", "Baseus", "Advan", "Vivo", NULL},
    {"Sunhouse", "Lock&Lock", "Kangaroo", "Elmich", "IKEA", "Philips", "Tefal", "Miyako", NULL},
    {"Pigeon", "Moony", "Bobby", "Huggies", "Comotomo", "MamyPoko", "Chicco", "Merries", NULL},
    {"Nike", "Adidas", "Yonex", "Kamito", "Decathlon", "Li-Ning", "Mizuno", "Ortuseight", NULL},
};

const char *const demo_english_fillers[] = {
    "new", "sale", "hot", "premium", "original", "best seller", "limited", "ready stock", "free ship", "combo", NULL};

const DemoLanguage demo_languages[] = {
    {"vi",
     {
         {{"áo thun", "áo phông", "t-shirt", "quần jean", "quần bò", "váy", "đầm", "áo sơ mi", "áo khoác", "túi xách", "ví", NULL},
          {"cotton", "lụa", "vải jean", "len", "da", "da thật", "vải kaki", NULL}},
         {{"son môi", "son kem", "kem chống nắng", "sữa rửa mặt", "kem dưỡng da", "nước hoa hồng", "serum", "toner", "phấn phủ", "mặt nạ", NULL},
          {NULL}},
         {{"điện thoại", "smartphone", "tai nghe bluetooth", "tai nghe không dây", "sạc dự phòng", "pin dự phòng", "cáp sạc", "ốp lưng", "loa bluetooth", NULL},
          {"nhôm", "nhựa", "kim loại", "silicone", NULL}},
         {{"nồi cơm điện", "chảo chống dính", "bộ chăn ga", "gối", "bình giữ nhiệt", "kệ", "hộp đựng thực phẩm", "quạt điện", NULL},
          {"inox", "inox 304", "gỗ", "sứ", "thủy tinh", "nhựa", NULL}},
         {{"bình sữa", "tã dán", "bỉm", "xe đẩy", "đồ chơi", "yếm", "khăn sữa", "ghế ăn dặm", NULL},
          {"silicone", "cotton", "nhựa PP", "vải sợi tre", NULL}},
         {{"giày chạy bộ", "giày thể thao", "thảm yoga", "bóng đá", "vợt cầu lông", "găng tay tập gym", "balo du lịch", "lều cắm trại", NULL},
          {"cao su", "polyester", "nylon", "vải dù", NULL}},
     },
     {"đen", "trắng", "đỏ", "xanh dương", "xanh navy", "hồng", "hồng pastel", "be", "xám", "vàng", "màu đen", "màu trắng", NULL},
     {"kẻ sọc", "sọc ngang", "chấm bi", "họa tiết hoa", "hoa nhí", "caro", "hoạt hình", "in hình", "trơn", NULL},
     {"nữ", "nam", "trẻ em", "bé gái", "bé trai", "unisex", "người già", "mẹ bầu", "cho nữ", "cho nam", NULL},
     {"giá rẻ", "chính hãng", "cao cấp", "hàng mới về", "siêu đẹp", "size M", "size L", "loại 1", "mẫu mới 2023",
      "bảo hành 12 tháng", "sale sốc", "hàng nhập khẩu", "hàng có sẵn", "giao nhanh", "siêu rẻ", "1 chiếc", NULL}},
    {"th",
     {
         {{"เสื้อ ยืด", "เสื้อ เชิ้ต", "t-shirt", "กางเกง ยีนส์", "กางเกง ขา ยาว", "ชุด เดรส", "กระโปรง", "เสื้อ แจ็คเก็ต", "กระเป๋า สะพาย", NULL},
          {"ผ้า ฝ้าย", "cotton", "ผ้า ไหม", "ยีนส์", "หนัง แท้", "หนัง", NULL}},
         {{"ลิปสติก", "ลิป", "ครีม กันแดด", "โฟม ล้าง หน้า", "ครีม บำรุง ผิว", "เซรั่ม", "serum", "แป้ง", "มาส์ก หน้า", NULL},
          {NULL}},
         {{"โทรศัพท์ มือถือ", "มือถือ", "smartphone", "หูฟัง บลูทูธ", "หูฟัง ไร้ สาย", "พาวเวอร์แบงค์", "สาย ชาร์จ", "เคส", "ลำโพง บลูทูธ", NULL},
          {"อลูมิเนียม", "พลาสติก", "ซิลิโคน", "โลหะ", NULL}},
         {{"หม้อ หุงข้าว", "กระทะ", "ผ้าปูที่นอน", "หมอน", "กระบอก น้ำ", "ชั้น วาง ของ", "กล่อง ใส่ อาหาร", "พัดลม", NULL},
          {"สแตนเลส", "ไม้", "เซรามิก", "แก้ว", "พลาสติก", NULL}},
         {{"ขวด นม", "ผ้าอ้อม", "แพมเพิส", "รถเข็น เด็ก", "ของเล่น", "ผ้ากันเปื้อน", "เก้าอี้ กิน ข้าว เด็ก", NULL},
          {"ซิลิโคน", "ผ้า ฝ้าย", "พลาสติก", NULL}},
         {{"รองเท้า วิ่ง", "รองเท้า กีฬา", "เสื่อ โยคะ", "ลูก ฟุตบอล", "ไม้ แบดมินตัน", "ถุงมือ ฟิตเนส", "กระเป๋า เป้", "เต็นท์", NULL},
          {"ยาง", "โพลีเอสเตอร์", "ไนลอน", NULL}},
     },
     {"สี ดำ", "สี ขาว", "สี แดง", "สี น้ำเงิน", "สี ชมพู", "สี เทา", "สี ครีม", "ดำ", "ขาว", "กรม ท่า", NULL},
     {"ลาย ทาง", "ลาย จุด", "ลาย ดอกไม้", "ลาย สก็อต", "ลาย การ์ตูน", "สกรีน ลาย", "สี พื้น", NULL},
     {"ผู้หญิง", "ผู้ชาย", "เด็ก", "เด็ก ผู้หญิง", "เด็ก ผู้ชาย", "ผู้ใหญ่", "วัยรุ่น", "unisex", "คุณแม่", NULL},
     {"ราคา ถูก", "ของ แท้", "ส่ง ฟรี", "พร้อม ส่ง", "ลด ราคา", "ใหม่", "คุณภาพ ดี", "ไซส์ M", "ไซส์ L", "รับประกัน 1 ปี",
      "ขายดี", "นำเข้า", "มี เก็บ ปลายทาง", "1 ชิ้น", NULL}},
    {"id",
     {
         {{"kaos", "baju kaos", "t-shirt", "kemeja", "celana jeans", "celana panjang", "dress", "gamis", "jaket", "tas selempang", "dompet", NULL},
          {"katun", "cotton", "rayon", "denim", "kulit", "kulit asli", "wolfis", NULL}},
         {{"lipstik", "lip cream", "sunscreen", "tabir surya", "sabun cuci muka", "facial wash", "krim perawatan kulit", "serum wajah", "bedak", "masker wajah", NULL},
          {NULL}},
         {{"hp", "handphone", "smartphone", "earphone bluetooth", "headset wireless", "powerbank", "kabel charger", "casing hp", "speaker bluetooth", NULL},
          {"aluminium", "plastik", "silikon", "metal", NULL}},
         {{"rice cooker", "panci", "wajan anti lengket", "sprei", "bantal", "botol minum", "rak", "kotak makan", "kipas angin", NULL},
          {"stainless steel", "kayu jati", "kayu", "keramik", "kaca", "plastik", NULL}},
         {{"botol susu", "popok bayi", "pampers", "stroller", "mainan", "slaber", "kursi makan bayi", NULL},
          {"silikon", "katun", "plastik bpa free", NULL}},
         {{"sepatu lari", "sepatu olahraga", "matras yoga", "bola sepak", "raket badminton", "sarung tangan gym", "tas ransel", "tenda camping", NULL},
          {"karet", "polyester", "nylon", "parasut", NULL}},
     },
     {"merah", "hitam", "putih", "biru", "biru navy", "pink", "abu abu", "hijau army", "cream", "maroon", "warna hitam", NULL},
     {"motif bunga", "garis garis", "salur", "polkadot", "batik", "kotak kotak", "karakter kartun", "polos", NULL},
     {"wanita", "pria", "anak", "anak laki laki", "anak perempuan", "bayi", "remaja", "unisex", "cewek", "cowok", "ibu hamil", NULL},
     {"murah", "termurah", "ready stock", "promo", "bisa cod", "kualitas premium", "terlaris", "grosir", "size M", "size L",
      "garansi resmi", "import", "barang baru", "1 pcs", "diskon", NULL}},
    {NULL, {{{NULL}, {NULL}}}, {NULL}, {NULL}, {NULL}, {NULL}},
};
