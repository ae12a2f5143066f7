//! The audit's word lists, per language: data only, read by `detect`.
//!
//! Every entry is lowercase (the rules compare with the lowercased alt text) and
//! is one word as the tokenizer cuts it: letters and digits, with inner hyphens
//! kept (`close-up`) and apostrophes cutting (`l'image` → `l`, `image`).
//! Languages: English, French, German, Spanish, Italian, Portuguese, Dutch, and
//! Japanese (whose words are matched inside the text, as it has no spaces).
//!
//! Where the lists come from:
//! - WAVE's "suspicious alternative text" alert flags an alt text that is one of
//!   image, graphic, photo, photograph, drawing, painting, artwork, logo, bullet,
//!   button, arrow, more, spacer, blank, chart, table, diagram, graph or `*`;
//!   that begins with "graphic of", "image of" or "bullet"; that ends with
//!   "image" or "graphic"; or that is an image file name. Those words are in
//!   [`MEDIA`] and [`FUNCTION`], translated.
//! - eslint-plugin-jsx-a11y `img-redundant-alt` (and Biome, oxlint after it):
//!   the words image, photo and picture, with a `words` option for other
//!   languages: [`REDUNDANT_MEDIA`].
//! - WCAG failure F30 (text alternatives that are not alternatives: file names,
//!   placeholder text) and F39 ("spacer", "image" on decorative images):
//!   [`FILLER`] and [`INSTRUCTION`].
//! - The rest (design-tool layer names, screenshot names per OS language, stock
//!   sites) is what those tools and sites name files by default.

/// Words that name an image or its kind rather than what it shows. Alone (or
/// with only other words from these lists) they are a placeholder: "Logo",
/// "Image 3", "foto_02", "Company logo".
#[rustfmt::skip]
pub const MEDIA: &[&str] = &[
    // en
    "image", "images", "img", "imgs", "picture", "pictures", "pic", "pics", "photo", "photos",
    "photograph", "photographs", "photography", "graphic", "graphics", "logo", "logos", "icon",
    "icons", "thumbnail", "thumbnails", "thumb", "banner", "hero", "visual", "illustration",
    "drawing", "painting", "artwork", "chart", "graph", "diagram", "table", "figure", "fig",
    "screenshot", "avatar", "gif", "clipart", "vector", "slide", "slider", "carousel",
    "gallery", "media", "file", "asset", "upload", "attachment", "favicon", "sprite", "emoji",
    "shot", "shots",
    // fr
    "photographie", "dessin", "peinture", "graphique", "schéma", "schema", "diagramme",
    "tableau", "icône", "icone", "vignette", "bannière", "banniere", "visuel", "fichier",
    // de
    "bild", "bilder", "foto", "fotos", "fotografie", "abbildung", "grafik", "zeichnung",
    "gemälde", "diagramm", "tabelle", "symbol", "piktogramm", "vorschaubild", "miniatur",
    "titelbild", "datei", "symbolbild", "beispielbild", "platzhalterbild", "profilbild",
    "produktbild", "hintergrundbild", "headerbild", "bildschirmfoto",
    // es
    "imagen", "imágenes", "imagenes", "fotografía", "ilustración", "ilustracion", "dibujo",
    "pintura", "gráfico", "grafico", "diagrama", "tabla", "logotipo", "icono", "ícono",
    "miniatura", "archivo",
    // it
    "immagine", "immagini", "fotografia", "illustrazione", "disegno", "dipinto", "grafica",
    "tabella", "icona", "anteprima",
    // pt
    "imagem", "imagens", "ilustração", "ilustracao", "desenho", "tabela", "ícone", "arquivo",
    "ficheiro",
    // nl
    "afbeelding", "afbeeldingen", "plaatje", "illustratie", "tekening", "schilderij", "grafiek",
    "tabel", "icoon", "pictogram", "miniatuur", "bestand",
];

/// Words that name what an image does on the page, or its shape, rather than
/// what it shows: "button", "arrow", "spacer", "click here", "divider".
#[rustfmt::skip]
pub const FUNCTION: &[&str] = &[
    // en
    "header", "footer",
    "button", "btn", "arrow", "arrows", "spacer", "bullet", "chevron", "caret", "divider",
    "separator", "border", "decoration", "decorative", "ornament", "shape", "dot", "circle",
    "rectangle", "background", "bg", "overlay", "gradient", "more", "click", "cta", "link",
    "pixel", "tracking", "loader", "spinner", "line", "lines",
    // fr
    "bouton", "flèche", "fleche", "séparateur", "separateur", "puce", "bordure", "décoration",
    "décoratif", "decoratif", "décorative", "forme", "cercle", "fond", "arrière-plan", "lien",
    "cliquez", "cliquer", "clic", "savoir", "suite",
    // de
    "schaltfläche", "knopf", "pfeil", "trenner", "trennlinie", "trennstrich",
    "aufzählungszeichen", "rahmen", "dekoration", "deko", "dekorativ", "form", "kreis",
    "hintergrund", "mehr", "klicken", "klick", "weiterlesen", "erfahren",
    // es
    "botón", "boton", "flecha", "separador", "divisor", "viñeta", "borde", "decoración",
    "decoracion", "decorativo", "decorativa", "forma", "círculo", "fondo", "enlace", "más",
    "clic", "haz", "haga",
    // it
    "pulsante", "bottone", "freccia", "separatore", "divisore", "bordo", "decorazione",
    "cerchio", "sfondo", "collegamento", "clicca", "cliccare", "leggi", "scopri",
    // pt
    "botão", "botao", "seta", "marcador", "borda", "decoração", "decoracao", "fundo", "clique",
    "saiba", "leia", "mais",
    // nl
    "knop", "pijl", "pijltje", "scheiding", "scheidingslijn", "scheidingsteken",
    "opsommingsteken", "rand", "decoratie", "versiering", "vorm", "cirkel", "achtergrond",
    "klik", "meer",
];

/// Filler left in place of a description: test text, "TBD", "untitled",
/// "none", "no image".
#[rustfmt::skip]
pub const FILLER: &[&str] = &[
    // en
    "keyword", "keywords",
    "test", "tests", "testing", "tbd", "tba", "todo", "fixme", "placeholder", "dummy", "sample",
    "example", "foo", "baz", "lorem", "ipsum", "temp", "tmp", "draft", "wip", "untitled",
    "unnamed", "none", "null", "undefined", "nan", "nil", "empty", "blank", "default", "n/a",
    "na", "alt", "alttext", "alt-text", "alt-tag", "asdf", "qwerty", "xxx", "xx", "abc", "xyz",
    "aaa", "soon", "coming", "missing", "unknown", "found", "available", "unavailable",
    "loading",
    // fr
    "essai", "exemple", "titre", "vide", "aucun", "aucune", "définir", "definir", "réservé",
    "reserve", "texte-alternatif",
    // de
    "platzhalter", "beispiel", "unbenannt", "leer", "keine", "kein", "titel", "folgt",
    "alternativtext", "alt-tekst",
    // es
    "prueba", "ejemplo", "título", "titulo", "vacío", "vacio", "ninguno", "ninguna", "marcador",
    // it
    "prova", "esempio", "segnaposto", "titolo", "vuoto", "nessuno", "nessuna",
    // pt
    "teste", "exemplo", "vazio", "nenhum", "nenhuma", "reservado",
    // nl
    "voorbeeld", "naamloos", "leeg", "geen", "tijdelijk", "tijdelijke",
];

/// Words of an instruction left in the field: "Enter alt text here",
/// "Describe the image", "Texte alternatif", "Alternativtext eingeben".
#[rustfmt::skip]
pub const INSTRUCTION: &[&str] = &[
    // en
    "enter", "add", "insert", "type", "write", "describe", "provide", "put", "text",
    "alternative", "tag", "attribute", "description", "caption", "title", "goes", "here",
    "please", "short", "brief", "edit", "change", "me", "this", "replace", "set",
    // fr
    "entrez", "entrer", "saisir", "saisissez", "ajouter", "ajoutez", "insérer", "insérez",
    "inserer", "écrire", "écrivez", "décrire", "décrivez", "decrire", "decrivez", "texte",
    "alternatif", "légende", "legende", "ici", "modifier",
    // de
    "eingeben", "geben", "hinzufügen", "einfügen", "beschreiben", "beschreibe", "beschreibung",
    "bildbeschreibung", "alternativer", "bildunterschrift", "bitte", "hier", "ändern",
    // es
    "introduce", "introduzca", "ingresa", "ingrese", "añadir", "añade", "agregar", "agrega",
    "escribe", "escriba", "describe", "describa", "describir", "texto", "alternativo",
    "descripción", "descripcion", "leyenda", "aquí", "aqui",
    // it
    "inserisci", "inserire", "aggiungi", "aggiungere", "scrivi", "descrivi", "descrivere",
    "testo", "alternativo", "descrizione", "didascalia", "qui",
    // pt
    "insira", "inserir", "digite", "adicione", "adicionar", "escreva", "descreva", "descrever",
    "descrição", "descricao", "legenda",
    // nl
    "voer", "invoeren", "voeg", "toe", "toevoegen", "typ", "schrijf", "beschrijf",
    "beschrijven", "beschrijving", "afbeeldingsbeschrijving", "alternatieve", "tekst",
    "bijschrift",
];

/// Words that add nothing on their own: articles, possessives, prepositions, and
/// generic qualifiers ("hero", "main", "product", "company"). A text made only
/// of these and of the lists above is still not a description ("Our company
/// logo", "Main hero banner", "Image de fond").
#[rustfmt::skip]
pub const GENERIC: &[&str] = &[
    // en
    "profile", "user", "seo", "mark",
    "a", "an", "the", "of", "for", "to", "in", "on", "at", "and", "or", "my", "our", "your",
    "its", "their", "his", "her", "is", "it", "that", "these", "those", "with", "no", "new",
    "main", "featured", "feature", "cover", "product", "company", "brand",
    "site", "website", "web", "page", "home", "homepage", "section", "top", "bottom", "left",
    "right", "small", "large", "big", "mobile", "desktop", "stock", "generic", "info", "read",
    "learn", "see", "view", "full", "size", "preview", "card", "block", "content", "blog",
    "post", "article", "item", "hover", "active", "social", "share", "team", "us", "about",
    "not", "up", "down", "design",
    // fr
    "un", "une", "le", "la", "les", "l", "d", "de", "du", "des", "en", "et", "ou", "mon", "ma",
    "mes", "notre", "nos", "votre", "vos", "ce", "cette", "pour", "sur", "dans", "principal",
    "principale", "produit", "entreprise", "marque", "accueil", "lire", "plus", "couverture",
    "pas", "sans",
    // de
    "ein", "eine", "einer", "einem", "einen", "der", "die", "das", "dem", "den", "des", "von",
    "vom", "für", "mit", "und", "oder", "im", "zum", "zur", "mein", "unser", "unsere", "ihr",
    "ihre", "ihren", "sie", "haupt", "produkt", "firma", "unternehmen", "marke", "startseite",
    "seite", "ohne", "neu", "nach", "links", "rechts", "oben", "unten",
    // es
    "el", "los", "las", "una", "uno", "del", "y", "o", "mi", "tu", "su", "nuestro", "nuestra",
    "este", "esta", "para", "con", "sin", "principal", "producto", "empresa", "inicio", "ver",
    "leer", "portada", "posición", "posicion",
    // it
    "dell", "all", "nell", "sull", "dall",
    "il", "lo", "gli", "i", "un'", "di", "della", "dello", "dei", "e", "mio", "tuo", "tua",
    "nostro", "nostra", "questo", "questa", "per", "senza", "prodotto", "azienda", "più", "piu",
    "copertina",
    // pt
    "um", "uma", "os", "as", "do", "da", "dos", "das", "meu", "seu", "sua", "nosso", "nossa",
    "sem", "produto", "empresa", "início", "capa",
    // nl
    "het", "een", "van", "voor", "met", "en", "mijn", "ons", "onze", "uw", "je", "jouw", "dit",
    "deze", "zonder", "hoofd", "product", "bedrijf", "merk", "lees", "omslag",
];

/// Words screen readers make redundant, because they already say "image" or
/// "graphic" before the alt text (jsx-a11y `img-redundant-alt`, WAVE).
/// `detect` flags them where they frame the description: "An image of …",
/// "Photo: …", "… (picture)". Media that carry meaning (illustration,
/// painting, drawing, diagram, chart, screenshot) are not here.
#[rustfmt::skip]
pub const REDUNDANT_MEDIA: &[&str] = &[
    // en
    "image", "images", "picture", "pictures", "photo", "photos", "photograph", "photographs",
    "pic", "pics", "img", "graphic", "graphics", "icon", "visual",
    // fr
    "photographie", "visuel",
    // de
    "bild", "foto", "fotos", "fotografie", "abbildung", "aufnahme", "grafik",
    // es
    "imagen", "fotografía", "fotografia",
    // it
    "immagine",
    // pt
    "imagem",
    // nl
    "afbeelding", "plaatje",
];

/// What may stand between the start of the text and a redundant media word:
/// "This is a photo of", "An image of", "Close-up photo of", "Hero image:".
#[rustfmt::skip]
pub const LEADS: &[&str] = &[
    // en
    "a", "an", "the", "this", "here", "here's", "is", "s", "in", "on", "close-up", "closeup",
    "stock", "hero", "header", "featured", "product", "cover", "main", "profile", "sample",
    "cropped", "detail",
    // fr
    "un", "une", "la", "le", "l", "voici", "c", "est", "cette",
    // de
    "ein", "eine", "das", "dies", "ist", "hier", "dieses", "dieser",
    // es
    "una", "el", "esta", "este", "es",
    // it
    "il", "ecco", "questa", "questo", "è",
    // pt
    "uma", "o", "aqui", "está",
    // nl
    "een", "de", "het", "dit", "deze",
];

/// What follows a redundant media word at the start before the description:
/// "of", "showing", "by" (a credit), "de", "von", "di", "van", "mostrando"…
#[rustfmt::skip]
pub const CONNECTORS: &[&str] = &[
    // en
    "you", "we", "may",
    "of", "showing", "shows", "depicting", "depicts", "featuring", "features", "displaying",
    "displays", "illustrating", "by", "from", "credit", "courtesy",
    // fr
    "de", "d", "du", "des", "montrant", "montre", "représentant", "représente", "par",
    // de
    "von", "vom", "der", "des", "zeigt", "zeigend", "eines", "einer", "unseres", "unserer",
    // es
    "del", "muestra", "mostrando", "que", "por",
    // it
    "di", "del", "della", "dello", "dei", "degli", "delle", "mostra", "raffigurante",
    "raffigura",
    // pt
    "do", "da", "dos", "das",
    // nl
    "van", "toont",
];

/// A word before a media word at the end that makes the medium an object in the
/// picture, not a label on it: "a man holding a photo", "grandma's photo",
/// "family photo", "wedding picture", "passport photo". (Words ending in "-ing"
/// count too.)
#[rustfmt::skip]
pub const OBJECT_BEFORE_MEDIA: &[&str] = &[
    // determiners, possessives, prepositions, conjunctions
    "a", "an", "the", "this", "that", "his", "her", "their", "my", "our", "your", "its", "s",
    "one", "old", "at", "of", "for", "with", "from", "into", "and", "or", "to", "as", "le",
    "la", "une", "un", "ein", "eine", "das", "dem", "den", "der", "el", "una", "il", "o", "uma",
    "een", "het", "de",
    // verbs that take a picture as their object
    "take", "takes", "took", "taken", "snap", "snaps", "snapped", "hold", "holds", "held",
    "print", "prints", "frame", "frames", "framed", "share", "shares", "shared",
    // kinds of physical photos
    "printed", "vintage", "faded", "torn", "signed", "polaroid", "instant", "passport",
    "family", "wedding", "baby", "childhood", "school", "class", "graduation", "antique",
    "sepia", "archival", "archive", "id", "profile", "framed", "glossy",
];

/// Commercial words of search-engine keyword lists ("best", "buy", "cheap",
/// "online", "near me"), per language. Two of them in a list of short items
/// are keyword stuffing.
#[rustfmt::skip]
pub const SEO: &[&str] = &[
    // en
    "best", "buy", "cheap", "cheapest", "online", "sale", "discount", "deals", "deal", "shop",
    "store", "near", "top", "free", "shipping", "affordable", "price", "prices", "order",
    "delivery", "quality",
    // fr
    "meilleur", "meilleure", "acheter", "pas", "cher", "promo", "boutique", "livraison",
    "gratuite", "prix",
    // de
    "beste", "besten", "kaufen", "günstig", "billig", "angebot", "versand", "kostenlos",
    "preis",
    // es
    "mejor", "mejores", "comprar", "barato", "barata", "oferta", "tienda", "envío", "gratis",
    "precio",
    // it
    "migliore", "migliori", "comprare", "acquista", "economico", "offerta", "negozio",
    "spedizione", "prezzo",
    // pt
    "melhor", "melhores", "barato", "oferta", "loja", "frete", "preço",
    // nl
    "beste", "kopen", "goedkoop", "aanbieding", "winkel", "gratis", "bezorging", "prijs",
    // ja
    "通販", "激安", "おすすめ", "最安値", "人気", "送料無料", "購入",
];

/// Japanese words for the lists above (placeholders, media, functions,
/// instructions, particles). Japanese has no spaces: a text is a placeholder
/// when it is made only of these, digits and punctuation ("画像1", "商品画像",
/// "代替テキストを入力", "ここをクリック").
#[rustfmt::skip]
pub const JA_PLACEHOLDER: &[&str] = &[
    "画像", "写真", "イメージ", "フォト", "ピクチャ", "図", "図表", "イラスト", "絵", "ロゴ", "アイコン", "バナー", "サムネイル",
    "サムネ", "スクリーンショット", "スクショ", "グラフ", "表", "ボタン", "矢印", "背景", "区切り線", "罫線", "装飾", "飾り", "クリック",
    "ここ", "こちら", "詳しく", "詳細", "もっと見る", "見る", "代替テキスト", "テキスト", "説明", "入力", "追加", "テスト", "ダミー",
    "仮", "未設定", "無題", "なし", "準備中", "サンプル", "例", "商品", "メイン", "トップ", "ヘッダー", "プレースホルダー", "の",
    "を", "は", "に", "して", "する", "ください", "下さい", "です", "はこちら",
    "製品", "会社", "企業", "当社", "弊社", "ブランド",
];

/// Japanese media words: "画像：…" at the start, "…の写真" at the end.
pub const JA_REDUNDANT_MEDIA: &[&str] = &["画像", "写真", "イメージ", "フォト"];

/// Screenshot file names' first words, per OS language: "Screenshot
/// 2024-…", "Bildschirmfoto …", "Capture d'écran …", "Captura de pantalla …",
/// "Schermata …", "Captura de Tela …", "Schermafbeelding …",
/// "スクリーンショット …". Followed by only a date, time or number, the text
/// is a file name.
#[rustfmt::skip]
pub const SCREENSHOT_WORDS: &[&str] = &[
    "screenshot", "screen", "shot", "snip", "snapshot", "bildschirmfoto", "bildschirmaufnahme",
    "capture", "d", "écran", "ecran", "captura", "de", "pantalla", "tela", "ecrã", "ecra",
    "schermata", "istantanea", "schermafbeelding", "schermopname", "スクリーンショット", "スクショ",
];

/// Other words in camera, phone and messenger file names: "WhatsApp Image …
/// at …", "signal-2024-…", "photo_2024-…" (Telegram), "FB_IMG_…",
/// "PHOTO-2024-…", and the words of times ("at", "um", "à", "a las", "alle",
/// "às", "om", "AM", "PM"). With a date or a long number, a text made only of
/// these is a file name.
#[rustfmt::skip]
pub const MACHINE_WORDS: &[&str] = &[
    "img", "image", "photo", "foto", "picture", "pic", "video", "vid", "mvimg", "pxl", "dsc",
    "dscn", "dscf", "pano", "burst", "portrait", "whatsapp", "signal", "telegram", "fb",
    "received", "messenger", "snapchat", "instagram", "mmexport", "wechat", "line", "viber",
    "copy", "edited", "edit", "from", "at", "um", "à", "a", "las", "alle", "às", "om", "o",
    "am", "pm", "h", "chrome", "safari", "firefox", "com", "android", "iphone",
];

/// Stock photo sites, whose downloads keep names like `shutterstock_123456`,
/// `iStock-123456`, `GettyImages-123456`, `pexels-name-123456`,
/// `AdobeStock_123`, `name-abc123-unsplash`.
#[rustfmt::skip]
pub const STOCK_SITES: &[&str] = &[
    "shutterstock", "istock", "istockphoto", "gettyimages", "getty", "adobestock",
    "depositphotos", "dreamstime", "bigstock", "bigstockphoto", "fotolia", "123rf", "pexels",
    "unsplash", "pixabay", "freepik", "alamy", "envato", "stocksy", "canstock", "canstockphoto",
    "vecteezy", "rawpixel",
];

/// Design tools' default layer and frame names ("Frame 12", "Group 5",
/// "Rectangle 3", "Artboard 1", "Mask group"): followed by a number, or as
/// "mask group", the text is a file name.
#[rustfmt::skip]
pub const DESIGN_DEFAULTS: &[&str] = &[
    "frame", "group", "rectangle", "ellipse", "vector", "layer", "artboard", "component",
    "instance", "polygon", "star", "line", "slice", "union", "subtract", "intersect", "exclude",
    "mask", "shape", "path", "compound", "clip", "page", "board",
];

/// The last part of a file name that marks a version, an edit or a size:
/// `-v2`, `_final`, `-copy`, `-min`, `-scaled`, `@2x`, `-1024x768`.
#[rustfmt::skip]
pub const VERSION_SUFFIXES: &[&str] = &[
    "final", "finale", "finalfinal", "copy", "kopie", "copie", "copia", "edit", "edited", "min",
    "scaled", "web", "resized", "compressed", "optimized", "optimised", "retina", "hd", "hq",
    "lg", "sm", "xl", "xs", "thumb", "small", "large", "medium", "orig", "original", "new",
    "old", "rgb", "cmyk", "export", "crop", "cropped", "low", "high", "lowres", "hires",
];

/// Opening words of "lorem ipsum" and its kin: a text starting with these is
/// filler whatever its length.
pub const LOREM: &[&str] = &["lorem ipsum", "dolor sit amet", "lipsum"];

/// Articles, prepositions and conjunctions. A description uses them ("Gummy
/// bears, gummy worms and gummy rings in a bowl"); a keyword list hardly does
/// ("candy, sweets, candy shop, best candy"). Never counted as keywords.
#[rustfmt::skip]
pub const GRAMMAR: &[&str] = &[
    // en
    "a", "an", "the", "of", "in", "on", "at", "to", "by", "with", "and", "or", "for", "from",
    "into", "onto", "over", "under", "near", "is", "are", "while", "as",
    // fr
    "un", "une", "le", "la", "les", "l", "d", "de", "du", "des", "et", "en", "avec", "dans",
    "sur", "au", "aux", "par", "pour",
    // de
    "ein", "eine", "einer", "einem", "einen", "der", "die", "das", "dem", "den", "des", "und",
    "mit", "im", "am", "auf", "von", "vom", "zu", "zum", "zur", "für", "vor", "neben",
    // es
    "el", "los", "las", "una", "y", "con", "del", "al", "sobre", "para", "junto",
    // it
    "il", "lo", "gli", "di", "e", "nel", "nella", "della", "del", "sul", "sulla", "per",
    // pt
    "o", "os", "as", "um", "uma", "do", "da", "dos", "das", "com", "no", "na", "em", "sob",
    // nl
    "het", "een", "van", "met", "op", "bij", "voor", "naast",
];

/// Phrases where a media word and its connector mean something else: a brand's
/// image, a religious icon, an idiom. Never redundant.
#[rustfmt::skip]
pub const IDIOMS: &[&str] = &[
    "image de marque", "picture of health", "image of god", "icon of saint",
    "icon of st", "bild der frau", "imagen de marca", "immagine di marca", "imagem de marca",
];
