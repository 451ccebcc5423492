"""The canned responses and macros every workspace starts with.

Written as a Turkish store's support lead would write them: warm, short, in the "siz" form,
with an English version of each. Titles come in both languages; the workspace's language picks one.
Complaint responses follow "acknowledge, apologise, fix" and carry the complaint category tag
of the playbook (``complaint_tag``), so a rule can suggest the matching one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DefaultCanned:
    key: str
    category: str
    shortcut: str
    title_tr: str
    title_en: str
    body_tr: str
    body_en: str
    complaint_tag: str = ""


@dataclass(frozen=True)
class DefaultMacro:
    key: str
    name_tr: str
    name_en: str
    description_tr: str
    description_en: str
    # Like Macro.actions, but a reply names the canned response by its default key.
    actions: tuple[dict[str, object], ...]


# The complaint categories of the playbook: tag name -> (Turkish, English) label.
COMPLAINT_TAGS: dict[str, tuple[str, str]] = {
    "stokta yok": ("Stokta yok", "Out of stock"),
    "ödeme yöntemi": ("Ödeme yöntemi", "Payment method"),
    "kargo gecikmesi": ("Geciken veya kayıp kargo", "Late or missing delivery"),
    "hasarlı veya yanlış ürün": ("Hasarlı veya yanlış ürün", "Damaged or wrong item"),
    "beklentinin altında": ("Beklentinin altında ürün", "Product below expectations"),
    "iade zorluğu": ("Zor iade", "Hard return"),
    "hizmetten memnuniyetsizlik": ("Hizmetten memnuniyetsizlik", "Unhappy with service"),
}

DEFAULT_CANNED: tuple[DefaultCanned, ...] = (
    # 1. Karşılama / Greeting
    DefaultCanned(
        key="greeting-welcome",
        category="greeting",
        shortcut="merhaba",
        title_tr="Hoş geldiniz",
        title_en="Welcome",
        body_tr=(
            "Merhaba {{ contact.first_name }}, {{ workspace.name }} müşteri hizmetlerine hoş geldiniz. "
            "Ben {{ agent.first_name }}, size yardımcı olmaktan memnuniyet duyarım. "
            "Nasıl yardımcı olabilirim?"
        ),
        body_en=(
            "Hello {{ contact.first_name }}, welcome to {{ workspace.name }} customer support. "
            "I'm {{ agent.first_name }} and I'm happy to help. How can I help you today?"
        ),
    ),
    DefaultCanned(
        key="greeting-thanks-for-waiting",
        category="greeting",
        shortcut="bekleme-tesekkur",
        title_tr="Beklediğiniz için teşekkürler",
        title_en="Thanks for waiting",
        body_tr=(
            "Merhaba {{ contact.first_name }}, beklediğiniz için teşekkür ederim. "
            "Ben {{ agent.first_name }}, talebinizle şimdi ilgileniyorum."
        ),
        body_en=(
            "Hello {{ contact.first_name }}, thank you for waiting. "
            "I'm {{ agent.first_name }} and I'm looking into your request now."
        ),
    ),
    DefaultCanned(
        key="greeting-after-hours",
        category="greeting",
        shortcut="mesai-disi",
        title_tr="Mesai dışı karşılama",
        title_en="After-hours welcome",
        body_tr=(
            "Merhaba {{ contact.first_name }}, mesajınız bize ulaştı, teşekkür ederiz. "
            "Şu an mesai saatlerimizin dışındayız; size {{ expected_reply_time }} dönüş yapacağız. "
            "Talep numaranız: {{ conversation.id }}."
        ),
        body_en=(
            "Hello {{ contact.first_name }}, thank you, we've received your message. "
            "We're outside our working hours right now and will get back to you {{ expected_reply_time }}. "
            "Your request number is {{ conversation.id }}."
        ),
    ),
    # 2. Anlama / Understanding
    DefaultCanned(
        key="understanding-order-number",
        category="understanding",
        shortcut="siparis-no",
        title_tr="Sipariş numarasını sorma",
        title_en="Ask for the order number",
        body_tr=(
            "Size hemen yardımcı olabilmem için sipariş numaranızı paylaşabilir misiniz? "
            "Sipariş onay e-postanızda ya da hesabınızdaki “Siparişlerim” sayfasında bulabilirsiniz."
        ),
        body_en=(
            "So I can help you right away, could you share your order number? You'll find it in your "
            "order confirmation email or on the “My orders” page of your account."
        ),
    ),
    DefaultCanned(
        key="understanding-details-photos",
        category="understanding",
        shortcut="detay-fotograf",
        title_tr="Detay ve fotoğraf isteme",
        title_en="Ask for details and photos",
        body_tr=(
            "Yaşadığınız durumu daha iyi anlayabilmem için biraz daha detay verebilir misiniz? "
            "Mümkünse ürünün ve paketin birkaç fotoğrafını da eklerseniz süreci çok hızlandırmış olursunuz."
        ),
        body_en=(
            "To understand exactly what happened, could you give me a few more details? If you can, "
            "please attach a couple of photos of the product and the package — it speeds things up a lot."
        ),
    ),
    DefaultCanned(
        key="understanding-confirm",
        category="understanding",
        shortcut="dogru-anladim-mi",
        title_tr="Doğru anladım mı?",
        title_en="Did I understand correctly?",
        body_tr=(
            "Doğru anladıysam {{ contact.first_name }}, yaşadığınız sorun şu: … "
            "Eksik ya da yanlış anladığım bir nokta varsa lütfen belirtin, ona göre ilerleyelim."
        ),
        body_en=(
            "Let me make sure I've understood, {{ contact.first_name }}: … "
            "If I've missed anything, please tell me and we'll take it from there."
        ),
    ),
    # 3. Kabul ve özür / Acknowledging and apologising
    DefaultCanned(
        key="acknowledging-sorry",
        category="acknowledging",
        shortcut="ozur",
        title_tr="Özür ve anlayış",
        title_en="Apology and understanding",
        body_tr=(
            "Yaşadığınız bu durum için gerçekten çok üzgünüm {{ contact.first_name }}. "
            "Canınızın sıkılmasında çok haklısınız; bu konuyu bizzat takip edip çözüme kavuşturacağım."
        ),
        body_en=(
            "I'm truly sorry about this, {{ contact.first_name }}. You have every reason to be frustrated, "
            "and I'll personally follow this through until it's resolved."
        ),
    ),
    DefaultCanned(
        key="acknowledging-feedback",
        category="acknowledging",
        shortcut="geri-bildirim-tesekkur",
        title_tr="Geri bildirim için teşekkür",
        title_en="Thanks for the feedback",
        body_tr=(
            "Bu konuyu bize ilettiğiniz için teşekkür ederiz. Geri bildiriminiz hizmetimizi iyileştirmemiz "
            "için çok değerli; ilgili ekibimizle de paylaştım."
        ),
        body_en=(
            "Thank you for letting us know. Your feedback genuinely helps us improve, and I've shared it "
            "with the team concerned."
        ),
    ),
    DefaultCanned(
        key="acknowledging-late-answer",
        category="acknowledging",
        shortcut="gec-donus-ozur",
        title_tr="Geç dönüş için özür",
        title_en="Sorry for the slow answer",
        body_tr="Size geç dönüş yaptığımız için özür dilerim. Talebinizle şu an bizzat ilgileniyorum.",
        body_en="I'm sorry it took us a while to get back to you. I'm handling your request personally now.",
    ),
    # 4. Çözüm / Solution
    DefaultCanned(
        key="solution-tracking",
        category="solution",
        shortcut="kargo-takip",
        title_tr="Kargo takip bilgisi",
        title_en="Tracking information",
        body_tr=(
            "Siparişinizi kontrol ettim, kargoya verilmiş durumda. Kargo takip numaranız: … "
            "Bu numarayla kargo firmasının sitesinden paketinizin nerede olduğunu anlık olarak "
            "görebilirsiniz."
        ),
        body_en=(
            "I've checked your order and it has been shipped. Your tracking number is: … "
            "You can use it on the carrier's website to see where your parcel is at any time."
        ),
    ),
    DefaultCanned(
        key="solution-return",
        category="solution",
        shortcut="iade-sureci",
        title_tr="İade süreci",
        title_en="How the return works",
        body_tr=(
            "İade talebinizi oluşturdum. Ürünü orijinal ambalajıyla, size e-postayla gönderdiğimiz iade "
            "koduyla anlaşmalı kargo firmamıza ücretsiz teslim edebilirsiniz. Ürün depomuza ulaşıp kontrol "
            "edildikten sonra ücret iadeniz ödeme yönteminize yapılır; bankanıza bağlı olarak hesabınıza "
            "yansıması birkaç iş günü sürebilir."
        ),
        body_en=(
            "I've created your return. You can drop the item off free of charge, in its original packaging, "
            "at our partner carrier using the return code we've emailed you. Once it reaches our warehouse "
            "and has been checked, we'll refund your original payment method; depending on your bank it can "
            "take a few working days to show."
        ),
    ),
    DefaultCanned(
        key="solution-exchange",
        category="solution",
        shortcut="degisim",
        title_tr="Değişim",
        title_en="Exchange",
        body_tr=(
            "Değişim talebinizi oluşturdum. Eski ürün kargoya verildiği anda yenisini hazırlamaya "
            "başlayacağız; kargo takip numarasını SMS ve e-postayla ileteceğiz."
        ),
        body_en=(
            "I've set up your exchange. We'll start preparing the new item as soon as the old one is handed "
            "to the carrier, and we'll send you the tracking number by text and email."
        ),
    ),
    DefaultCanned(
        key="solution-handover",
        category="solution",
        shortcut="ekibe-aktar",
        title_tr="İlgili ekibe aktarma",
        title_en="Passed to the right team",
        body_tr=(
            "Talebinizi bu konuyla ilgilenen ekibimize aktardım. Size {{ expected_reply_time }} dönüş "
            "yapılacak; gelişmeleri {{ conversation.id }} numaralı talebiniz üzerinden ben de takip edeceğim."
        ),
        body_en=(
            "I've passed your request to the team that handles this. They'll get back to you "
            "{{ expected_reply_time }}, and I'll keep following it under request {{ conversation.id }}."
        ),
    ),
    # 5. Kapanış / Closing
    DefaultCanned(
        key="closing-anything-else",
        category="closing",
        shortcut="baska-yardim",
        title_tr="Başka bir konu var mı?",
        title_en="Anything else?",
        body_tr="Başka yardımcı olabileceğim bir konu var mı {{ contact.first_name }}?",
        body_en="Is there anything else I can help you with, {{ contact.first_name }}?",
    ),
    DefaultCanned(
        key="closing-thanks",
        category="closing",
        shortcut="kapanis",
        title_tr="Teşekkür ve kapanış",
        title_en="Thank you and goodbye",
        body_tr=(
            "Bizi tercih ettiğiniz için teşekkür ederiz {{ contact.first_name }}. Aklınıza takılan başka bir "
            "şey olursa bu mesajı yanıtlamanız yeterli, memnuniyetle yardımcı oluruz. İyi günler dileriz!"
        ),
        body_en=(
            "Thank you for shopping with us, {{ contact.first_name }}. If anything else comes up, just reply "
            "to this message and we'll be glad to help. Have a lovely day!"
        ),
    ),
    DefaultCanned(
        key="closing-resolved",
        category="closing",
        shortcut="cozuldu",
        title_tr="Sorun çözüldü",
        title_en="All sorted",
        body_tr=(
            "Sorununuzun çözüldüğüne çok sevindim. {{ conversation.id }} numaralı talebinizi şimdilik "
            "kapatıyorum; yine de bir şey ters giderse bu mesajı yanıtlamanız yeterli, kaldığımız yerden "
            "devam ederiz.\n\nSevgiler,\n{{ agent.first_name }}"
        ),
        body_en=(
            "I'm so glad that's sorted. I'll close request {{ conversation.id }} for now — if anything goes "
            "wrong, just reply to this message and we'll pick up where we left off.\n\n"
            "All the best,\n{{ agent.first_name }}"
        ),
    ),
    # Complaint playbook: acknowledge, apologise, fix.
    DefaultCanned(
        key="complaint-stokta yok",
        category="complaint",
        complaint_tag="stokta yok",
        shortcut="stokta yok",
        title_tr="Şikâyet: stokta yok",
        title_en="Complaint: out of stock",
        body_tr=(
            "Merhaba {{ contact.first_name }}, ilgilendiğiniz ürünün şu an stokta olmaması can sıkıcı, "
            "bunun için özür dileriz. Ürün yeniden stoğa girdiğinde size hemen haber vermemizi ister "
            "misiniz? Dilerseniz benzer özellikteki ürünlerden birkaç öneri de paylaşabilirim."
        ),
        body_en=(
            "Hello {{ contact.first_name }}, I'm sorry the item you wanted is out of stock right now — "
            "that's disappointing. Would you like us to let you know as soon as it's back? I can also "
            "suggest a few similar products if you like."
        ),
    ),
    DefaultCanned(
        key="complaint-odeme",
        category="complaint",
        complaint_tag="ödeme yöntemi",
        shortcut="odeme-sorunu",
        title_tr="Şikâyet: ödeme sorunu",
        title_en="Complaint: payment problem",
        body_tr=(
            "Ödeme sırasında sorun yaşadığınız için özür dileriz {{ contact.first_name }}. Kartınızdan çekim "
            "yapıldıysa içiniz rahat olsun: tamamlanmayan siparişlerin tutarı bankanız tarafından birkaç iş "
            "günü içinde kartınıza iade edilir. Dilerseniz siparişinizi başka bir kartla ya da havale/EFT "
            "ile tamamlamanıza hemen yardımcı olayım."
        ),
        body_en=(
            "I'm sorry you ran into trouble with the payment, {{ contact.first_name }}. If your card was "
            "charged, please don't worry: for orders that didn't go through, your bank returns the amount "
            "to your card within a few working days. I'm happy to help you complete the order with another "
            "card or by bank transfer right away."
        ),
    ),
    DefaultCanned(
        key="complaint-kargo gecikmesi",
        category="complaint",
        complaint_tag="kargo gecikmesi",
        shortcut="kargo-gecikme",
        title_tr="Şikâyet: kargo gecikmesi",
        title_en="Complaint: late or missing delivery",
        body_tr=(
            "Merhaba {{ contact.first_name }}, siparişinizin gecikmesi için gerçekten özür dileriz; "
            "beklemenin ne kadar can sıkıcı olduğunu biliyorum. Kargo firmasıyla hemen iletişime geçtim, "
            "paketinizi takip ediyorum ve size {{ expected_reply_time }} net bilgi vereceğim. Paket "
            "kaybolduysa siparişinizi ücretsiz olarak yeniden göndereceğiz."
        ),
        body_en=(
            "Hello {{ contact.first_name }}, I'm really sorry your order is late — I know how frustrating "
            "waiting is. I've already contacted the carrier, I'm tracking your parcel and I'll give you a "
            "clear update {{ expected_reply_time }}. If the parcel has been lost, we'll send your order "
            "again free of charge."
        ),
    ),
    DefaultCanned(
        key="complaint-hasarlı veya yanlış ürün",
        category="complaint",
        complaint_tag="hasarlı veya yanlış ürün",
        shortcut="hasarli-urun",
        title_tr="Şikâyet: hasarlı veya yanlış ürün",
        title_en="Complaint: damaged or wrong item",
        body_tr=(
            "Ürününüzün hasarlı ya da yanlış gelmesi için çok özür dileriz {{ contact.first_name }}; böyle "
            "bir deneyim yaşamanızı hiç istemezdik. Ürünün ve paketin fotoğraflarını bu mesaja eklerseniz "
            "doğru ürünü hemen ücretsiz olarak gönderelim ya da dilerseniz ücret iadenizi başlatalım. "
            "Hatalı ürünü geri göndermek size hiçbir ücret çıkarmayacak."
        ),
        body_en=(
            "I'm so sorry your item arrived damaged or wasn't what you ordered, {{ contact.first_name }} — "
            "that's not the experience we want you to have. If you attach photos of the item and the "
            "package to this message, we'll send the right item free of charge straight away, or refund "
            "you if you prefer. Sending the faulty item back won't cost you anything."
        ),
    ),
    DefaultCanned(
        key="complaint-beklentinin altında",
        category="complaint",
        complaint_tag="beklentinin altında",
        shortcut="beklentinin altında",
        title_tr="Şikâyet: beklentiyi karşılamayan ürün",
        title_en="Complaint: product below expectations",
        body_tr=(
            "Ürünün beklentinizi karşılamadığını duyduğuma üzüldüm {{ contact.first_name }}, paylaştığınız "
            "için teşekkür ederim. Sizin için en doğru çözümü bulmak istiyorum: dilerseniz ürünü iade "
            "edebilir ya da başka bir modelle değiştirebilirsiniz. Hangisini tercih edersiniz?"
        ),
        body_en=(
            "I'm sorry the product didn't live up to your expectations, {{ contact.first_name }}, and thank "
            "you for telling us. I'd like to find the right solution for you: you can return it or exchange "
            "it for another model. Which would you prefer?"
        ),
    ),
    DefaultCanned(
        key="complaint-iade zorluğu",
        category="complaint",
        complaint_tag="iade zorluğu",
        shortcut="iade-sorunu",
        title_tr="Şikâyet: iade sorunu",
        title_en="Complaint: difficult return",
        body_tr=(
            "İade sürecinde yaşadığınız zorluk için özür dileriz {{ contact.first_name }}; bu sürecin sizin "
            "için kolay olması gerekirdi. İadenizi şimdi bizzat ben başlatıyorum: size e-postayla bir iade "
            "kodu göndereceğim, ürünü bu kodla anlaşmalı kargo firmamıza ücretsiz teslim etmeniz yeterli. "
            "Ürün bize ulaştığında ücret iadeniz ödeme yönteminize yapılacak."
        ),
        body_en=(
            "I'm sorry returning your order has been such a hassle, {{ contact.first_name }} — it should be "
            "easy. I'm starting the return for you myself: I'll email you a return code, and you just drop "
            "the item off free of charge at our partner carrier. We'll refund your original payment method "
            "as soon as it reaches us."
        ),
    ),
    DefaultCanned(
        key="complaint-hizmetten memnuniyetsizlik",
        category="complaint",
        complaint_tag="hizmetten memnuniyetsizlik",
        shortcut="hizmet-sikayet",
        title_tr="Şikâyet: hizmetten memnuniyetsizlik",
        title_en="Complaint: unhappy with our service",
        body_tr=(
            "Yaşadığınız deneyim için içtenlikle özür dileriz {{ contact.first_name }}; bu, sunmak "
            "istediğimiz hizmet değil. Geri bildiriminizi ekip yöneticimize ilettim. Konuyu sizin için "
            "düzeltebilmem için neler olduğunu biraz daha anlatabilir misiniz?"
        ),
        body_en=(
            "I sincerely apologise for the experience you've had, {{ contact.first_name }} — that's not the "
            "service we want to offer. I've passed your feedback on to our team lead. So I can put this "
            "right for you, could you tell me a bit more about what happened?"
        ),
    ),
)

DEFAULT_MACROS: tuple[DefaultMacro, ...] = (
    DefaultMacro(
        key="macro-start-return",
        name_tr="İade başlat",
        name_en="Start a return",
        description_tr="İade sürecini anlatır, “iade” etiketini ekler ve konuşmayı beklemeye alır.",
        description_en="Explains the return, adds the “iade” tag and sets the conversation to pending.",
        actions=(
            {"type": "reply", "canned": "solution-return"},
            {"type": "add_tags", "tags": ["iade"]},
            {"type": "set_status", "status": "pending"},
        ),
    ),
    DefaultMacro(
        key="macro-late-delivery",
        name_tr="Kargo gecikmesi",
        name_en="Late delivery",
        description_tr="Özür diler, kargo gecikmesi etiketini ekler ve önceliği yükseltir.",
        description_en="Apologises, adds the late delivery tag and raises the priority.",
        actions=(
            {"type": "reply", "canned": "complaint-kargo gecikmesi"},
            {"type": "add_tags", "tags": ["kargo gecikmesi"]},
            {"type": "set_priority", "priority": "high"},
        ),
    ),
    DefaultMacro(
        key="macro-thank-and-resolve",
        name_tr="Teşekkür et ve çöz",
        name_en="Thank and resolve",
        description_tr="Kapanış mesajını gönderir ve konuşmayı çözüldü olarak işaretler.",
        description_en="Sends the closing message and marks the conversation resolved.",
        actions=(
            {"type": "reply", "canned": "closing-thanks"},
            {"type": "set_status", "status": "resolved"},
        ),
    ),
)
