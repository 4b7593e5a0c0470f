"""WhatsApp's own notices (encryption, group changes, calls…) and media placeholders, in the languages it ships.

A notice is written by the app, not by a person: it must never be credited to a participant, nor make a group's
name look like one. The phrases are WhatsApp's own wording per language (fr, en, de, es, it, pt, nl, tr, ar), as
its exports show them; they are matched on the text after the header, case folded.
"""

from __future__ import annotations

import re

# Notices no person types: a body starting with one of these is the app speaking, whoever it is filed under.
_ALWAYS = [
    # end-to-end encryption
    r"messages and calls are end-to-end encrypted",
    r"messages (?:to|in) this (?:group|chat)[^.\n]{0,40}end-to-end encryption",
    r"les messages et les appels sont chiffr[ée]s de bout en bout",
    r"les messages envoy[ée]s (?:dans|à) ce[^.\n]{0,60}chiffrement de bout en bout",
    r"nachrichten und anrufe sind ende-zu-ende-verschl[üu]sselt",
    r"nachrichten (?:in|an) diese[^.\n]{0,60}ende-zu-ende-verschl[üu]sselung",
    r"los mensajes y las llamadas est[áa]n cifrados de extremo a extremo",
    r"los mensajes (?:de|en|que env[ií]es a) es[^.\n]{0,60}cifrado de extremo a extremo",
    r"i messaggi e le chiamate sono crittografati end-to-end",
    r"i messaggi (?:inviati )?(?:a|in) questo[^.\n]{0,60}crittografia end-to-end",
    r"as mensagens e (?:as )?(?:chamadas|liga[çc][õo]es) s[ãa]o protegidas com a criptografia de ponta a ponta",
    r"as mensagens e (?:as )?(?:chamadas|liga[çc][õo]es) s[ãa]o criptografadas de ponta a ponta",
    r"berichten en (?:oproepen|gesprekken) (?:zijn|worden) end-to-end versleuteld",
    r"mesajlar ve aramalar u[çc]tan uca [şs]ifrelidir",
    r"الرسائل والمكالمات مشفرة",
    # older and regional wordings ("Messages to this group are now secured…", "Nachrichten, die du in diesem Chat
    # sendest, …", "Los mensajes que envías a este chat…", Portugal's "encriptadas ponto a ponto")
    r"messages[^.\n]{0,120}end-to-end encrypt",
    r"(?:les )?messages[^.\n]{0,120}(?:chiffr[ée]s|chiffrement) de bout en bout",
    r"nachrichten[^.\n]{0,120}ende-zu-ende-verschl[üu]ssel",
    r"(?:los )?mensajes[^.\n]{0,120}cifrad[oa]s? de extremo a extremo",
    r"(?:i )?messaggi[^.\n]{0,120}crittografa(?:ti|ta|zione|ia) end-to-end",
    r"(?:as )?mensagens[^.\n]{0,120}(?:ponta a ponta|ponto a ponto)",
    r"berichten[^.\n]{0,120}end-to-end[- ]?versleutel",
    r"mesajlar[^.\n]{0,120}u[çc]tan uca [şs]ifrel",
    # security code
    r"(?:your )?security code with .{1,80} changed",
    r"le code de s[ée]curit[ée] de .{1,80} a chang[ée]",
    r"votre code de s[ée]curit[ée] avec .{1,80} a chang[ée]",
    r"die sicherheitsnummer (?:von|f[üu]r) .{1,80} hat sich ge[äa]ndert",
    r"(?:tu|el) c[óo]digo de seguridad (?:con|de) .{1,80} (?:cambi[óo]|ha cambiado)",
    r"il (?:tuo )?codice di sicurezza (?:con|di) .{1,80} [èe] cambiato",
    r"o (?:seu )?c[óo]digo de seguran[çc]a (?:com|de) .{1,80} (?:mudou|foi alterado)",
    r"(?:je|de) beveiligingscode (?:met|van) .{1,80} is gewijzigd",
    r"تغير رمز الأمان",
    # missed calls, as the app writes them (never "I missed your call")
    r"missed (?:voice |video |group (?:voice |video )?)call",
    r"appel (?:vocal|vid[ée]o|de groupe)[^\n]{0,20}manqu[ée]",
    r"verpasste[rn]? (?:sprach|video|gruppen)[^\s]{0,20}anruf",
    r"(?:llamada|videollamada)(?: de voz| de video| grupal)? perdida",
    r"(?:chiamata|videochiamata)(?: vocale| di gruppo)? persa",
    r"chamada de (?:voz|v[íi]deo)(?: em grupo)? perdida",
    r"gemist(?:e)? (?:spraak|video|groeps)[a-z]{0,10}(?:oproep|gesprek)",
    r"cevaps[ıi]z (?:sesli|g[öo]r[üu]nt[üu]l[üu]|grup)[^\n]{0,20}arama",
    r"مكالمة (?:صوتية|فيديو) فائتة",
    # blocked, tap to learn more
    r"you (?:blocked|unblocked) this contact",
    r"vous avez (?:bloqu|d[ée]bloqu)[ée] ce contact",
    r"du hast diesen kontakt (?:blockiert|freigegeben)",
    r"(?:bloqueaste|desbloqueaste) (?:a )?este contacto",
    r"hai (?:bloccato|sbloccato) questo contatto",
    r"voc[êe] (?:bloqueou|desbloqueou) este contato",
    r"je hebt deze contactpersoon (?:geblokkeerd|gedeblokkeerd)",
    r"bu ki[şs]iyi (?:engellediniz|engelini kald[ıi]rd[ıi]n[ıi]z)",
]

# Notices that start with a person's name: only the app writes them, but they are told by their middle.
_NAMED = [
    r".{1,80}'s security code changed",
    r".{1,80} (?:ile olan )?g[üu]venlik kodunuz de[ğg]i[şs]ti",
    # disappearing messages
    r".{0,80}(?:turned on|turned off|enabled|disabled|changed the message timer|uses a default timer)[^\n]{0,40}"
    r"disappearing messages",
    r".{0,80}(?:activ|d[ée]sactiv)[ée] les messages [ée]ph[ée]m[èe]res",
    r".{0,80}selbstl[öo]schende nachrichten[^\n]{0,40}(?:aktiviert|deaktiviert|eingeschaltet|ausgeschaltet)",
    r".{0,80}(?:activ|desactiv)[óo] los mensajes temporales",
    r".{0,80}(?:attivato|disattivato) i messaggi effimeri",
    r".{0,80}(?:ativou|desativou) as mensagens tempor[áa]rias",
    r".{0,80}(?:verdwijnende berichten) (?:ingeschakeld|uitgeschakeld)|.{0,80}heeft verdwijnende berichten",
    r".{0,80}s[üu]reli mesajlar[ıi] (?:a[çc]t[ıi]|kapatt[ıi])",
    r".{0,80}الرسائل المؤقتة",
]

# What WhatsApp writes about a group or a chat's members, between the names involved. Matched when the line
# carries the app's invisible mark, when it is filed under no one, or when the name it is filed under never
# writes anything else (a group's name).
_GROUP = [
    # created
    r"created (?:group|this group)|you created group",
    r"a cr[ée]{2} (?:le )?groupe|avez cr[ée]{2} (?:le )?groupe|a cr[ée]{2} ce groupe",
    r"ha(?:t|st) (?:die )?gruppe .{0,80}erstellt|ha(?:t|st) diese gruppe erstellt",
    r"cre[óo] (?:el|este) grupo|creaste (?:el|este) grupo",
    r"ha(?:i)? creato (?:il|questo) gruppo",
    r"criou (?:o|este) grupo|voc[êe] criou",
    r"heeft (?:de )?groep .{0,80}(?:aangemaakt|gemaakt)|hebt (?:de )?groep .{0,80}aangemaakt"
    r"|heeft deze groep aangemaakt",
    r"grubunu olu[şs]turdu|grubu olu[şs]turdu",
    r"أنشأ المجموعة|أنشأت المجموعة|أنشأ مجموعة",
    # added, joined
    r"\badded\b|you were added|joined using (?:this|a) group'?s? invite link|\bjoined\b",
    r"\ba ajout[ée]\b|vous a ajout[ée]|avez ajout[ée]|a rejoint|avez rejoint|via le lien d'invitation",
    r"hinzugef[üu]gt|ist (?:der gruppe )?beigetreten|[üu]ber den einladungslink",
    r"\ba[ñn]adi[óo]\b|te a[ñn]adi[óo]|a[ñn]adiste|\bagreg[óo]\b|te agreg[óo]|se uni[óo]|enlace de invitaci[óo]n",
    r"ha aggiunto|ti ha aggiunto|hai aggiunto|si [èe] unit[oa]|link d'invito|link di invito",
    r"\badicionou\b|adicionou voc[êe]|entrou usando|link de convite",
    r"\btoegevoegd\b|neemt (?:nu )?deel|heeft deelgenomen|uitnodigingslink",
    r"\bekledi\b|kat[ıi]ld[ıi]|davet ba[ğg]lant[ıi]s[ıi]",
    r"أضاف|أضافك|انضم",
    # removed, left
    r"\bremoved\b|\bleft\b",
    r"a retir[ée]|avez retir[ée]|vous a retir[ée]|est parti|a quitt[ée]|avez quitt[ée]",
    r"\bentfernt\b|ha(?:t|st) die gruppe verlassen|\bausgetreten\b",
    r"\belimin[óo]\b|te elimin[óo]|sali[óo]\b|saliste\b",
    r"ha rimosso|ti ha rimosso|hai rimosso|[èe] uscit[oa]|sei uscit[oa]|ha abbandonato",
    r"\bremoveu\b|\bsaiu\b|foi removid[oa]",
    r"\bverwijderd\b|heeft de groep verlaten|hebt de groep verlaten|is vertrokken",
    r"[çc][ıi]kard[ıi]|ayr[ıi]ld[ıi]",
    r"أزال|أزالك|غادر",
    # subject, icon, description, settings
    r"changed (?:the subject|this group's (?:icon|settings)|the group description|the group name|the group icon)"
    r"|deleted this group's icon|changed the settings",
    r"a (?:modifi|chang)[ée] (?:le sujet|l'ic[ôo]ne|la description|le nom|les param[èe]tres|la photo du groupe)"
    r"|avez (?:modifi|chang)[ée] (?:le sujet|l'ic[ôo]ne|la description)|a supprim[ée] l'ic[ôo]ne",
    r"ha(?:t|st) (?:den betreff|das gruppenbild|die gruppenbeschreibung|die gruppeneinstellungen)"
    r"[^\n]{0,80}ge[äa]ndert|ha(?:t|st) das gruppenbild gel[öo]scht",
    r"(?:cambi|elimin)[óo] (?:el asunto|el (?:[íi]cono|icono)|la (?:imagen|descripci[óo]n|foto del grupo)|el nombre"
    r"|la configuraci[óo]n)"
    r"|cambiaste (?:el asunto|el [íi]cono|la descripci[óo]n)",
    r"ha(?:i)? (?:cambiato|modificato) (?:l'oggetto|l'immagine(?: del gruppo)?|la descrizione|il nome|le impostazioni)",
    r"(?:mudou|alterou) (?:o assunto|a imagem(?: deste grupo)?|a descri[çc][ãa]o|o nome|as configura[çc][õo]es)",
    r"heeft (?:het onderwerp|de groepsafbeelding|de groepsfoto|de groepsbeschrijving|de groepsinstellingen)"
    r"[^\n]{0,40}gewijzigd"
    r"|hebt (?:het onderwerp|de groepsafbeelding)[^\n]{0,40}gewijzigd",
    r"(?:konusunu|grup simgesini|grup a[çc][ıi]klamas[ıi]n[ıi]|grup ayarlar[ıi]n[ıi])[^\n]{0,40}de[ğg]i[şs]tirdi",
    r"غيّر|غير (?:اسم|صورة|وصف|الموضوع)",
    # pinned
    r"pinned a message|a [ée]pingl[ée] un message|ha(?:t|st) eine nachricht angeheftet|fij[óo] un mensaje"
    r"|ha fissato un messaggio|fixou uma mensagem|heeft een bericht vastgezet|bir mesaj[ıi] sabitledi|ثبّت رسالة",
    # number changes
    r"changed (?:their|his|her) phone number|changed to \+|changed their number"
    r"|a chang[ée] de num[ée]ro|a chang[ée] son num[ée]ro|est pass[ée] [àa] \+"
    r"|hat zu .{1,40} gewechselt|telefonnummer ge[äa]ndert"
    r"|cambi[óo] (?:su n[úu]mero|a \+)|ha cambiato (?:il suo )?numero|mudou (?:o )?(?:seu )?n[úu]mero"
    r"|telefoonnummer (?:gewijzigd|veranderd)|is overgestapt op|telefon numaras[ıi]n[ıi] de[ğg]i[şs]tirdi"
    r"|غيّر رقم",
    # admins
    r"you're now an admin|vous [êe]tes d[ée]sormais administrat|du bist jetzt admin|ahora eres admin"
    r"|ora sei un amministratore|agora voc[êe] [ée] admin|je bent nu beheerder|art[ıi]k y[öo]neticisiniz",
]

# An attachment or a medium the export left out: written by the app, but it stands for what the person sent.
PLACEHOLDER = re.compile(
    r"^\u200e?\s*(?:<[^>\n]{0,40}(?:attached|joint|angeh[äa]ngt|adjunto|allegato|anexado|bijgevoegd|eklendi)"
    r"[^>\n]{0,200}>"
    r"|<[^<>:\n]{1,30}[ \u202f\u00a0]?:[ \u202f\u00a0]?[^<>\n]{1,200}\.\w{1,5}[ \u202f\u00a0]?>"  # <Anhang: x.jpg>
    r"|<?(?:media omitted|m[ée]dias? omis|medien ausgeschlossen|multimedia omitido|media omess[io]"
    r"|m[íi]dia oculta|media weggelaten|medya dahil edilmedi|تم استبعاد الوسائط)>?"
    r"|(?:image|video|audio|sticker|gif|document|contact card|photo|vid[ée]o|bild|imagen|immagine|imagem|afbeelding"
    r"|foto|görüntü|görsel|autocollant|carte de contact|kontaktkarte|tarjeta de contacto|schede contatto"
    r"|cart[ãa]o de contato|visitekaartje)[^\n]{0,20}"
    r"(?:omitted|omis[e]?|weggelassen|omitid[oa]|omess[oa]|ocult[oa]|weggelaten|dahil edilmedi)"
    r"|this message was deleted|you deleted this message|ce message a [ée]t[ée] supprim[ée]"
    r"|vous avez supprim[ée] ce message|diese nachricht wurde gel[öo]scht|du hast diese nachricht gel[öo]scht"
    r"|se elimin[óo] este mensaje|eliminaste este mensaje|questo messaggio [èe] stato eliminato"
    r"|(?:essa|esta) mensagem foi apagada|dit bericht is verwijderd|bu mesaj silindi"
    r"|(?:location|position|standort|ubicaci[óo]n|posizione|localiza[çc][ãa]o|locatie|konum)\s*:"
    r"|(?:poll|sondage|umfrage|encuesta|sondaggio|enquete|peiling|anket)\s*:"
    r"|.{1,120}\.\w{1,5}\s*\((?:file attached|fichier joint|datei angeh[äa]ngt|archivo adjunto|file allegato"
    r"|arquivo anexado|bestand bijgevoegd|dosya ekli)\))",
    re.IGNORECASE,
)

ALWAYS_NOTICE = re.compile(r"^\u200e?\s*(?:" + "|".join(_ALWAYS) + ")", re.IGNORECASE)
# Searched, not matched at the start: the leading ".{0,80}" of the named notices would only cost.
_LEADING_ANY = re.compile(r"(^|\|)\.\{[01],80\}")
GROUP_NOTICE = re.compile("|".join("(?:" + _LEADING_ANY.sub(r"\1", p) + ")" for p in _GROUP + _NAMED), re.IGNORECASE)
# The notices that quote a name the people chose (a group's subject, its description): a colon inside the quote
# must not be read as the colon after an author's name.
QUOTING_NOTICE = re.compile(
    "|".join(f"(?:{p})" for p in _GROUP[0:9] + _GROUP[27:35]).replace(".{0,80}", ".{0,40}"), re.IGNORECASE
)
INVISIBLE_MARK = "\u200e"  # iOS puts it in front of its notices and of attachment placeholders


def is_placeholder(body: str) -> bool:
    return PLACEHOLDER.match(body) is not None


# The first words the notices above start with (those that do not start with a person's name): a dictionary
# look-up spares the long pattern the 200,000 ordinary messages of a long chat.
_FIRST_WORDS = frozenset(
    [
        "messages",
        "les",
        "nachrichten",
        "los",
        "i",
        "as",
        "berichten",
        "mesajlar",
        "الرسائل",
        "your",
        "le",
        "votre",
        "die",
        "tu",
        "el",
        "il",
        "o",
        "je",
        "de",
        "missed",
        "appel",
        "verpasster",
        "verpasste",
        "verpassten",
        "llamada",
        "videollamada",
        "chiamata",
        "videochiamata",
        "chamada",
        "gemiste",
        "gemist",
        "cevapsız",
        "cevapsiz",
        "مكالمة",
        "you",
        "vous",
        "du",
        "bloqueaste",
        "desbloqueaste",
        "hai",
        "você",
        "voce",
        "bu",
    ]
)


def is_notice(body: str, marked: bool) -> bool:
    """Whether a line's body is the app speaking; ``marked``: iOS's invisible mark stood in front of it."""
    if marked:
        # The mark alone is not enough: a person's own line may carry it too, and hiding what a scammer wrote
        # would be far worse than showing a notice in a language not listed here.
        return not is_placeholder(body) and looks_like_group_notice(body)
    first = body[:16].split(" ", 1)[0].lower().strip(",.:;!")
    return first in _FIRST_WORDS and ALWAYS_NOTICE.match(body) is not None


def looks_like_group_notice(body: str) -> bool:
    """Loose: the wording of a group notice (may also be what a person wrote; the caller decides)."""
    return ALWAYS_NOTICE.match(body) is not None or GROUP_NOTICE.search(body) is not None
