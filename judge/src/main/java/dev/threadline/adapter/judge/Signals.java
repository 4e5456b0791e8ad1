package dev.threadline.adapter.judge;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The surface signals a human reads in a support message before its topic: explicit markers
 * ("also", "still", "thanks") in the evaluation set's languages, the shape of the message (a bare
 * "??", a question, a media rendering) and identifiers (order and invoice numbers, IPs, hosts,
 * serials). Phrases are matched on whole words of the NFKC-folded, lower-cased text.
 */
final class Signals {

    /** Starts a new request: "one more thing", "also", "another", "btw" and their equivalents. */
    static final List<String> NEW_REQUEST = List.of(
            // en
            "also", "another", "btw", "by the way", "one more thing", "separately", "separate", "different", "unrelated",
            "new issue", "new problem", "second issue", "other thing", "something else", "additionally", "oh and",
            "and also", "while i have you", "on another note", "different question", "new request", "other question",
            // de
            "außerdem", "ausserdem", "noch etwas", "noch was", "zusätzlich", "übrigens", "uebrigens", "noch eine frage",
            "anderes problem", "andere frage", "noch ein", "noch eine", "separat", "neues problem", "was anderes",
            "etwas anderes", "auch noch",
            // es
            "también", "tambien", "otra cosa", "otro tema", "otro problema", "aparte", "además", "ademas",
            "por cierto", "nuevo problema", "una cosa más", "una cosa mas", "otra pregunta", "otro pedido",
            // pt
            "também", "outra coisa", "outro problema", "outro assunto", "além disso", "alem disso", "aliás", "alias",
            "por falar nisso", "mais uma coisa", "outra dúvida", "outro pedido",
            // fr
            "aussi", "autre chose", "autre problème", "autre probleme", "en plus", "par ailleurs", "d'ailleurs",
            "nouveau problème", "autre question", "une autre",
            // it
            "anche", "un'altra", "un altro", "altra cosa", "inoltre", "a parte", "nuovo problema", "un'altra cosa",
            // nl
            "ook", "nog iets", "ander probleem", "andere vraag", "daarnaast", "trouwens", "los daarvan", "nog een",
            // tr
            "ayrıca", "ayrica", "bir de", "başka", "baska", "bir şey daha", "bir sey daha", "farklı", "farkli",
            // id
            "juga", "satu lagi", "selain itu", "oh iya", "masalah lain", "hal lain", "yang lain",
            // hi (Latin script)
            "aur ek", "ek aur", "dusra", "doosra", "alag", "aur bhi", "ek or", "ek baat aur", "dusri",
            // ar
            "كمان", "ايضا", "أيضا", "أيضاً", "مشكلة ثانية", "شي ثاني", "موضوع ثاني", "مشكلة اخرى", "مشكلة أخرى");

    /** Continues the open issue: "still", "again", "any update", "same". */
    static final List<String> CONTINUATION = List.of(
            // en
            "still", "again", "any update", "update", "any news", "status", "same", "yet", "waiting", "how long",
            "when will", "eta", "it's back", "its back", "keeps", "once more", "as well", "either", "too",
            // de
            "immer noch", "noch immer", "schon wieder", "wieder", "gleiche", "selbe", "noch nicht", "warte", "wann",
            "gibt es neuigkeiten", "stand",
            // es
            "todavía", "todavia", "sigue", "siguen", "otra vez", "de nuevo", "mismo", "misma", "aún", "aun",
            "novedades", "cuándo", "cuando", "esperando",
            // pt
            "ainda", "de novo", "novamente", "mesmo", "mesma", "continua", "novidades", "quando", "aguardando",
            // fr
            "toujours", "encore", "de nouveau", "même", "meme", "des nouvelles", "quand", "j'attends",
            // it
            "ancora", "di nuovo", "stesso", "stessa", "novità", "novita", "quando", "aspetto",
            // nl
            "nog steeds", "weer", "opnieuw", "zelfde", "nieuws", "wanneer", "wacht",
            // tr
            "hala", "hâlâ", "yine", "tekrar", "aynı", "ayni", "ne zaman", "bekliyorum",
            // id
            "masih", "lagi", "sama", "kapan", "gimana", "belum",
            // hi
            "abhi bhi", "ab bhi", "phir se", "fir se", "wahi", "kab", "kya hua", "abhi tak",
            // ar
            "لسه", "لا يزال", "مازال", "ما زال", "مرة ثانية", "نفس", "متى", "اي جديد", "أي جديد");

    /** Thanks, or news that the problem is fixed. */
    static final List<String> THANKS = List.of(
            "thanks", "thank you", "thx", "ty", "works now", "working now", "fixed", "resolved", "all good", "solved",
            "perfect", "great", "cheers", "appreciate",
            "danke", "funktioniert wieder", "geht wieder", "passt", "vielen dank",
            "gracias", "ya funciona", "funciona", "solucionado", "perfecto",
            "obrigado", "obrigada", "valeu", "funcionou", "resolvido",
            "merci", "ça marche", "ca marche", "fonctionne", "résolu", "resolu",
            "grazie", "funziona", "risolto",
            "bedankt", "dank je", "werkt weer", "opgelost",
            "teşekkür", "tesekkur", "sağol", "sagol", "çalışıyor", "calisiyor",
            "terima kasih", "makasih", "sudah bisa", "udah bisa",
            "shukriya", "dhanyavaad", "thank u", "ho gaya", "theek ho gaya",
            "شكرا", "شكراً", "اشتغل", "تمام");

    /** Corrects something the customer said before ("sorry, wrong number, it's 4411"). */
    static final List<String> CORRECTION = List.of("sorry", "wrong", "typo", "i meant", "meant", "correction", "mistake",
            "actually", "my bad", "oops", "not", "perdón", "perdon", "me equivoqué", "quise decir", "error", "equivocado",
            "entschuldigung", "falsch", "ich meinte", "tippfehler", "desculpa", "errei", "quis dizer", "errado", "pardon",
            "erreur", "je voulais dire", "scusa", "sbagliato", "volevo dire", "verkeerd", "sorry", "bedoelde", "yanlış",
            "yanlis", "pardon", "maaf", "salah", "galti", "galat", "غلط", "آسف", "عفوا");

    /** "But": with thanks in front, it usually closes one issue and opens the next. */
    static final List<String> BUT = List.of("but", "however", "aber", "pero", "mas", "mais", "ma", "maar", "ama",
            "tapi", "lekin", "par", "بس", "لكن");

    /**
     * Words a reply opens with when it answers or reports back on what was asked or tried ("yes",
     * "did that", "tried it", "ok so"): the message leans on the conversation before it.
     */
    static final List<String> REPLY_OPENERS = List.of("yes", "yeah", "yep", "yup", "no", "nope", "ok", "okay", "did",
            "done", "tried", "that", "it", "this", "same", "sure", "here", "sorry", "still", "now", "and", "so", "hmm",
            "sí", "si", "ja", "nein", "oui", "non", "sim", "não", "nao", "ya", "haan", "han", "nahi", "evet", "hayır",
            "iya", "tidak", "ga", "gak", "نعم", "لا", "ايوه", "تمام", "genau", "klar", "claro", "vale", "bueno", "d'accord",
            "certo", "va bene", "oké", "tamam", "hecho", "feito", "fatto", "gedaan", "erledigt", "gemacht");

    /** Bare nudges with nothing else in them. */
    static final Set<String> PINGS = Set.of("?", "??", "???", "????", "hello", "hello?", "hi", "hi?", "hey", "ping",
            "up", "any update", "any update?", "update?", "anyone?", "anyone", "news?", "hallo", "hallo?", "hola",
            "hola?", "oi", "oi?", "allo", "allo?", "halo", "halo?", "merhaba", "helo", "status?", "und?", "y?", "e aí?");

    private static final Pattern MEDIA = Pattern.compile("^\\s*\\[(image|photo|voice note|voice|audio|video|document|"
            + "sticker|location|contact|contacts|file|gif)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER = Pattern.compile(
            "\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b|[#]?\\p{L}*[-_/]?\\d[\\p{L}\\d\\-_/.]*", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    private Signals() {}

    /** NFKC, lower case, one space between words: the form every matcher here reads. */
    static String fold(String text) {
        String folded = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return " " + folded.replaceAll("[\\s\\p{Punct}&&[^'?#]]+", " ").replaceAll("\\s+", " ").strip() + " ";
    }

    /** How many of {@code phrases} occur as whole words in {@code text} (already {@link #fold folded}). */
    static int count(String folded, List<String> phrases) {
        int hits = 0;
        String spaced = folded.replace("?", " ");
        for (String phrase : phrases) {
            if (spaced.contains(" " + phrase + " ")) {
                hits++;
            }
        }
        return hits;
    }

    /** Whether the message opens with a reply word (see {@link #REPLY_OPENERS}). */
    static boolean opensAsReply(String text) {
        String folded = fold(text);
        for (String opener : REPLY_OPENERS) {
            if (folded.startsWith(" " + opener + " ")) {
                return true;
            }
        }
        return false;
    }

    static boolean isPing(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return t.isEmpty() || !LETTER.matcher(t).find() || PINGS.contains(t) || PINGS.contains(t.replaceAll("[!.]+$", ""));
    }

    /** The media kind of an "[image] caption" rendering, or {@code null}. */
    static String mediaKind(String text) {
        Matcher m = MEDIA.matcher(text == null ? "" : text);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** The text without its media prefix: what the customer actually wrote. */
    static String withoutMedia(String text) {
        return text == null ? "" : MEDIA.matcher(text).replaceFirst("").strip();
    }

    static int words(String text) {
        Matcher m = WORD.matcher(text == null ? "" : text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Lower-cased content words of three letters or more. */
    static Set<String> contentWords(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = WORD.matcher(fold(text));
        while (m.find()) {
            String w = m.group();
            if (w.length() >= 3 && !STOP.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** Identifier-like tokens: anything with a digit (order numbers, IPs, hosts, serials), normalised. */
    static Set<String> identifiers(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = IDENTIFIER.matcher(Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC));
        while (m.find()) {
            String id = m.group().toLowerCase(Locale.ROOT).replaceAll("^[#]+|[.\\-_/]+$", "");
            long digits = id.chars().filter(Character::isDigit).count();
            if (digits >= 3) {
                out.add(id);
            }
        }
        return out;
    }

    /** Whether two identifiers differ by at most two edits: a typo being corrected, not a new entity. */
    static boolean nearlyEqual(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return false;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()] <= 2;
    }

    private static final Set<String> STOP = Set.of("the", "and", "for", "not", "but", "you", "your", "are", "was",
            "were", "has", "have", "had", "can", "cannot", "can't", "any", "this", "that", "with", "from", "there",
            "what", "when", "will", "been", "about", "please", "hello", "our", "its", "it's", "all", "just", "get",
            "got", "does", "did", "how", "why", "who", "now", "yes", "okay", "customer", "user", "unable", "issue",
            "problem", "der", "die", "das", "und", "ist", "nicht", "ich", "mit", "que", "los", "las", "por", "para",
            "una", "con", "não", "nao", "est", "les", "des", "pas", "une", "che", "per", "non", "het", "een", "niet",
            "bir", "yang", "dan", "tidak", "hai", "nahi", "kya");
}
