// The widget's own words in Turkish and English. The texts a store can change (title, greeting,
// online/offline, expected reply, pre-chat intro, offline email request) come from the config,
// already in the page's language.

// word: [Turkish, English]
var WORDS = {
  open: ["Canlı destek penceresini aç", "Open live chat"],
  close: ["Kapat", "Close"],
  menu: ["Diğer seçenekler", "More options"],
  online: ["Çevrimiçi", "Online"],
  offline: ["Çevrimdışı", "Offline"],
  placeholder: ["Mesajınızı yazın…", "Write a message…"],
  send: ["Gönder", "Send"],
  attach: ["Dosya ekle", "Attach a file"],
  emoji: ["Emoji ekle", "Insert emoji"],
  sending: ["Gönderiliyor", "Sending"],
  sent: ["Gönderildi", "Sent"],
  read: ["Okundu", "Read"],
  today: ["Bugün", "Today"],
  yesterday: ["Dün", "Yesterday"],
  typing: ["{name} yazıyor…", "{name} is typing…"],
  someone: ["Destek ekibi", "Support team"],
  name: ["Adınız", "Your name"],
  email: ["E-posta adresiniz", "Your email address"],
  start: ["Sohbete başla", "Start the chat"],
  skip: ["Atla", "Skip"],
  required: ["Bu alan zorunlu.", "This field is required."],
  bad_email: ["Geçerli bir e-posta adresi yazın.", "Please enter a valid email address."],
  save: ["Kaydet", "Save"],
  saved: ["Teşekkürler! Yanıtımızı {email} adresine de göndereceğiz.", "Thanks! We will also send our answer to {email}."],
  transcript: ["Konuşmayı e-postama gönder", "Email me this conversation"],
  transcript_sent: ["Konuşma {email} adresine gönderildi.", "The conversation was sent to {email}."],
  rate: ["Konuşmayı değerlendir", "Rate this conversation"],
  rate_ask: ["Size nasıl yardımcı olduk?", "How did we do?"],
  rate_comment: ["Eklemek istediğiniz bir şey var mı? (isteğe bağlı)", "Anything you would like to add? (optional)"],
  rate_thanks: ["Değerlendirmeniz için teşekkürler!", "Thank you for your feedback!"],
  stars: ["{n} yıldız", "{n} stars"],
  too_big: ["Dosya çok büyük (en fazla {size}).", "The file is too large (at most {size})."],
  bad_type: ["Yalnızca görsel ve PDF dosyaları gönderebilirsiniz.", "Only images and PDF files can be sent."],
  failed: ["Bir sorun oluştu, lütfen tekrar deneyin.", "Something went wrong, please try again."],
  too_long: ["Mesaj en fazla {n} karakter olabilir.", "A message can have at most {n} characters."],
  reconnecting: ["Bağlantı kuruluyor… Mesajlarınız bağlantı gelince gönderilecek.", "Connecting… Your messages will be sent once the connection is back."],
  new_message: ["Yeni mesaj", "New message"],
  uploading: ["Yükleniyor…", "Uploading…"],
  yes: ["Evet, çözüldü", "Yes, solved"],
  no: ["Hayır, temsilciye bağlan", "No, connect me to an agent"],
};

function wordsFor(lang) {
  var out = {};
  for (var key in WORDS) out[key] = WORDS[key][lang === "tr" ? 0 : 1];
  return out;
}

function pageLanguage() {
  var lang = (document.documentElement.getAttribute("lang") || navigator.language || "tr").toLowerCase();
  return lang.slice(0, 2) === "en" ? "en" : lang.slice(0, 2) === "tr" ? "tr" : "en";
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, function (_, key) {
    return values && values[key] !== undefined ? values[key] : "";
  });
}
