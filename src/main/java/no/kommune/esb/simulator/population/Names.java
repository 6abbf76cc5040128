package no.kommune.esb.simulator.population;

/** Name tables; persons hold indexes into them. */
final class Names {

    private static final String[] KVINNE = {"Ingrid", "Kari", "Anne", "Marit", "Sofie", "Nora", "Emma", "Ella", "Maja",
            "Olivia", "Sara", "Ida", "Hanna", "Thea", "Solveig", "Astrid", "Liv", "Ragnhild", "Silje", "Hilde", "Tone",
            "Eli", "Sigrid", "Frida", "Amalie", "Leah", "Linnea", "Aurora", "Vilde", "Mari", "Kristin", "Berit", "Gunn",
            "Randi", "Tuva", "Julie", "Mathilde", "Selma", "Jenny", "Helene"};
    private static final String[] MANN = {"Ola", "Per", "Jan", "Lars", "Knut", "Arne", "Jakob", "Emil", "Noah", "Oliver",
            "Filip", "Lukas", "Henrik", "Magnus", "Sander", "Tobias", "Even", "Sindre", "Eirik", "Håkon", "Trond", "Geir",
            "Bjørn", "Odd", "Kjell", "Svein", "Rune", "Tor", "Aksel", "Johannes", "Isak", "Mathias", "Elias", "Kristian",
            "Martin", "Andreas", "Steinar", "Terje", "Vegard", "Leon"};
    private static final String[] ETTERNAVN = {"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen",
            "Nilsen", "Kristiansen", "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
            "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen",
            "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen",
            "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde",
            "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge",
            "Christensen", "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Hanssen", "Ahmed",
            "Haugland", "Thomassen", "Sivertsen", "Simonsen", "Danielsen", "Berntsen", "Sandvik", "Rønning", "Arnesen",
            "Antonsen", "Næss", "Vik", "Haug", "Ellingsen", "Thorsen", "Edvardsen", "Birkeland", "Isaksen", "Gulbrandsen",
            "Ruud", "Aasen", "Strøm", "Myklebust", "Tangen", "Ødegård", "Eliassen", "Helland", "Bøe", "Jenssen", "Aune",
            "Mikkelsen", "Tveit", "Brekke", "Abrahamsen", "Madsen"};

    private Names() {
    }

    static int fornavnCount(boolean kvinne) {
        return kvinne ? KVINNE.length : MANN.length;
    }

    static int etternavnCount() {
        return ETTERNAVN.length;
    }

    static String fornavn(boolean kvinne, int i) {
        return kvinne ? KVINNE[i] : MANN[i];
    }

    static String etternavn(int i) {
        return ETTERNAVN[i];
    }
}
