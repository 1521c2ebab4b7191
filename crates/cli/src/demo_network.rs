//! The demo network: six Cités with their QPVs, partners and one account per
//! role, from the 2020 pioneers (Angers, Vaulx-en-Velin, Est Ensemble) to the
//! 2021 wave (Le Mans, Roubaix, Grenoble Alpes Métropole, which started in
//! January 2022). Figures are rounded orders of magnitude.

use maillage_domain::accounts::Role;

pub struct DemoCite {
    pub code: &'static str,
    pub name: &'static str,
    pub departement: &'static str,
    pub epci: &'static str,
    pub communes: &'static str,
    pub label_year: &'static str,
    pub co_pilots: &'static str,
    /// « Pas de public cible », by choice (Vaulx-en-Velin); the others
    /// target QPV residents, young people and women.
    pub no_target_public: bool,
    /// Its own axes (*axes propres*), besides the national three.
    pub own_axes: &'static [&'static str],
    pub figures: [&'static str; 5],
    /// Code, name, commune, population.
    pub qpvs: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// Name, category, network, SIRET, city, sensitive.
    pub partners: &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        bool,
    )],
}

/// Vaulx-en-Velin's six axes, from its programme of action.
pub const VAULX_AXES: [&str; 6] = [
    "Aller vers les habitants",
    "Mobilité internationale des jeunes",
    "Insertion par l'activité économique",
    "Mobiliser les employeurs",
    "Rendre l'offre lisible",
    "En finir avec la concurrence entre dispositifs",
];

pub const CITES: [DemoCite; 6] = [
    DemoCite {
        code: "angers",
        name: "Cité de l'emploi d'Angers Loire Métropole",
        departement: "49",
        epci: "244900015",
        communes: "49007, 49353",
        label_year: "2020",
        co_pilots: "Préfecture de Maine-et-Loire, Aldev (Angers Loire Développement)",
        no_target_public: false,
        own_axes: &[],
        figures: ["175355", "13,9", "61,2", "19,8", "21450"],
        qpvs: &[
            ("QN04901M", "Belle-Beille", "49007", "8400"),
            ("QN04902M", "La Roseraie", "49007", "8100"),
            ("QN04903M", "Grand-Bellevue", "49353", "3100"),
        ],
        partners: &[
            (
                "France Travail Angers Saint-Serge",
                "spe",
                "france-travail",
                "",
                "Angers",
                false,
            ),
            (
                "Mission locale angevine",
                "spe",
                "mission-locale",
                "",
                "Angers",
                false,
            ),
            (
                "Cap emploi 49",
                "spe",
                "cap-emploi-reseau-cheops",
                "",
                "Angers",
                false,
            ),
            (
                "CIDFF de Maine-et-Loire",
                "associatif",
                "cidff",
                "",
                "Angers",
                false,
            ),
            (
                "CAF de Maine-et-Loire",
                "social",
                "caf",
                "",
                "Angers",
                false,
            ),
            (
                "Département de Maine-et-Loire",
                "collectivite",
                "departements",
                "",
                "Angers",
                false,
            ),
            ("Aldev", "collectivite", "", "", "Angers", false),
            (
                "Association Par'Emploi",
                "associatif",
                "",
                "",
                "Angers",
                false,
            ),
            ("SPIP de Maine-et-Loire", "etat", "", "", "Angers", true),
        ],
    },
    DemoCite {
        code: "le-mans",
        name: "Cité de l'emploi du Mans Métropole",
        departement: "72",
        epci: "247200132",
        communes: "72181",
        label_year: "2021",
        co_pilots: "Préfecture de la Sarthe, Le Mans Métropole",
        no_target_public: false,
        own_axes: &[],
        figures: ["146249", "12,4", "60,5", "18,7", "15800"],
        qpvs: &[
            ("QN07201M", "Les Sablons", "72181", "9200"),
            ("QN07202M", "Ronceray-Glonnières", "72181", "7600"),
        ],
        partners: &[
            (
                "France Travail Le Mans Gare",
                "spe",
                "france-travail",
                "",
                "Le Mans",
                false,
            ),
            (
                "Mission locale de l'agglomération mancelle",
                "spe",
                "mission-locale",
                "",
                "Le Mans",
                false,
            ),
            (
                "CIDFF de la Sarthe",
                "associatif",
                "cidff",
                "",
                "Le Mans",
                false,
            ),
            // Carriers answering Le Mans' 2023 call for projects.
            ("Mob'In Sarthe", "associatif", "", "", "Le Mans", false),
            (
                "Régie de quartier des Sablons",
                "associatif",
                "",
                "",
                "Le Mans",
                false,
            ),
        ],
    },
    DemoCite {
        code: "vaulx-en-velin",
        name: "Cité de l'emploi de Vaulx-en-Velin",
        departement: "69",
        epci: "200046977",
        communes: "69256",
        label_year: "2020",
        co_pilots: "Préfecture du Rhône, Métropole de Lyon, Ville de Vaulx-en-Velin",
        no_target_public: true,
        own_axes: &VAULX_AXES,
        figures: ["53069", "18,1", "55,3", "29,4", "6900"],
        qpvs: &[
            ("QN06901M", "Grande Île", "69256", "21000"),
            ("QN06902M", "Sud", "69256", "6200"),
            ("QN06903M", "Terraillon-Chénier", "69256", "2500"),
        ],
        partners: &[
            (
                "France Travail Vaulx-en-Velin",
                "spe",
                "france-travail",
                "",
                "Vaulx-en-Velin",
                false,
            ),
            (
                "Mission locale de Vaulx-en-Velin",
                "spe",
                "mission-locale",
                "",
                "Vaulx-en-Velin",
                false,
            ),
            (
                "CCAS de Vaulx-en-Velin",
                "social",
                "ccas-cias",
                "",
                "Vaulx-en-Velin",
                false,
            ),
        ],
    },
    DemoCite {
        code: "est-ensemble",
        name: "Cité de l'emploi d'Est Ensemble",
        departement: "93",
        // Est Ensemble is a territorial public establishment (EPT) of the
        // Métropole du Grand Paris, the EPCI with its own taxation.
        epci: "200054781",
        communes: "93006, 93008, 93010, 93045, 93048, 93053, 93055, 93061, 93063",
        label_year: "2020",
        co_pilots:
            "Préfecture de la Seine-Saint-Denis, Établissement public territorial Est Ensemble",
        no_target_public: false,
        own_axes: &[],
        figures: ["432000", "17,6", "56,8", "30,1", "41200"],
        qpvs: &[
            ("QN09301M", "Blanqui – Terre-Saint-Blaise", "93010", "9800"),
            ("QN09302M", "Bel Air – Grands Pêchers", "93048", "11200"),
            ("QN09303M", "La Noue – Clos Français", "93048", "7400"),
            ("QN09304M", "L'Abreuvoir – Karl Marx", "93008", "12600"),
            ("QN09305M", "Les Courtillières", "93055", "6900"),
        ],
        partners: &[
            (
                "France Travail Montreuil",
                "spe",
                "france-travail",
                "",
                "Montreuil",
                false,
            ),
            (
                "Mission locale d'Est Ensemble",
                "spe",
                "mission-locale",
                "",
                "Bobigny",
                false,
            ),
            ("PLIE d'Est Ensemble", "spe", "plie", "", "Bobigny", false),
            (
                "CIDFF de la Seine-Saint-Denis",
                "associatif",
                "cidff",
                "",
                "Bobigny",
                false,
            ),
        ],
    },
    DemoCite {
        code: "roubaix",
        name: "Cité de l'emploi de Roubaix",
        departement: "59",
        epci: "200093201",
        communes: "59512",
        label_year: "2021",
        co_pilots: "Préfecture du Nord, Métropole Européenne de Lille, Ville de Roubaix",
        no_target_public: false,
        own_axes: &[],
        figures: ["98286", "24,9", "50,2", "43,0", "14300"],
        qpvs: &[
            (
                "QN05901M",
                "L'Alma – Épeule – Trois-Ponts",
                "59512",
                "14800",
            ),
            ("QN05902M", "Le Pile – Sainte-Élisabeth", "59512", "9600"),
            ("QN05903M", "Les Hauts-Champs – Longchamp", "59512", "7100"),
        ],
        partners: &[
            (
                "France Travail Roubaix",
                "spe",
                "france-travail",
                "",
                "Roubaix",
                false,
            ),
            (
                "Mission locale de Roubaix",
                "spe",
                "mission-locale",
                "",
                "Roubaix",
                false,
            ),
            (
                "CCAS de Roubaix",
                "social",
                "ccas-cias",
                "",
                "Roubaix",
                false,
            ),
            (
                "Centre social de l'Alma",
                "associatif",
                "",
                "",
                "Roubaix",
                false,
            ),
        ],
    },
    DemoCite {
        code: "grenoble",
        name: "Cité de l'emploi de Grenoble Alpes Métropole",
        departement: "38",
        epci: "200040715",
        // Grenoble, Échirolles and Saint-Martin-d'Hères: 4 of the
        // agglomeration's 10 QPVs.
        communes: "38185, 38151, 38421",
        // Labelled in the 2021 wave; its first action ran in January 2022.
        label_year: "2021",
        co_pilots:
            "Grenoble-Alpes Métropole, France Travail, DDETS de l'Isère, Préfecture de l'Isère",
        no_target_public: false,
        own_axes: &[],
        // The population is the three communes'.
        figures: ["231326", "12,8", "58,9", "21,6", "24600"],
        qpvs: &[
            ("QN03801M", "Mistral – Lys Rouge – Camine", "38185", "4100"),
            ("QN03802M", "Essarts – Surieux", "38151", "5600"),
            (
                "QN03803M",
                "Villeneuve – Village Olympique",
                "38185",
                "9200",
            ),
            (
                "QN03804M",
                "Renaudie – Champberton – La Plaine",
                "38421",
                "4200",
            ),
        ],
        // The four co-pilots first, then the COMOP's partners.
        partners: &[
            (
                "Grenoble-Alpes Métropole",
                "collectivite",
                "",
                "",
                "Grenoble",
                false,
            ),
            (
                "France Travail Grenoble",
                "spe",
                "france-travail",
                "",
                "Grenoble",
                false,
            ),
            ("DDETS de l'Isère", "etat", "", "", "Grenoble", false),
            ("Préfecture de l'Isère", "etat", "", "", "Grenoble", false),
            (
                "Mission locale de Grenoble",
                "spe",
                "mission-locale",
                "",
                "Grenoble",
                false,
            ),
            (
                "CIDFF de l'Isère",
                "associatif",
                "cidff",
                "",
                "Grenoble",
                false,
            ),
            (
                "CCAS de Grenoble",
                "social",
                "ccas-cias",
                "",
                "Grenoble",
                false,
            ),
            // Its employers' club brings the recruiters to the job datings.
            ("FACE Isère", "associatif", "", "", "Grenoble", false),
        ],
    },
];

/// E-mail, name, role, Cité code, partner name.
pub const ACCOUNTS: [(&str, &str, Role, &str, &str); 17] = [
    (
        "national@demo.maillage.fr",
        "Nadia Benali",
        Role::National,
        "",
        "",
    ),
    (
        "pilote@demo.maillage.fr",
        "Paul Girard",
        Role::Pilote,
        "angers",
        "",
    ),
    (
        "coordination@demo.maillage.fr",
        "Claire Moreau",
        Role::Coordinateur,
        "angers",
        "",
    ),
    (
        "referent@demo.maillage.fr",
        "Romain Lefèvre",
        Role::Referent,
        "angers",
        "Mission locale angevine",
    ),
    (
        "referent.ft@demo.maillage.fr",
        "Julie Bernard",
        Role::Referent,
        "angers",
        "France Travail Angers Saint-Serge",
    ),
    (
        "referent.cidff@demo.maillage.fr",
        "Aïssatou Sow",
        Role::Referent,
        "angers",
        "CIDFF de Maine-et-Loire",
    ),
    (
        "porteur@demo.maillage.fr",
        "Sonia Haddad",
        Role::Porteur,
        "angers",
        "Association Par'Emploi",
    ),
    (
        "coordination.vaulx@demo.maillage.fr",
        "Karim Diallo",
        Role::Coordinateur,
        "vaulx-en-velin",
        "",
    ),
    (
        "coordination.lemans@demo.maillage.fr",
        "Hélène Martin",
        Role::Coordinateur,
        "le-mans",
        "",
    ),
    (
        "porteur.mobin@demo.maillage.fr",
        "Nadia Benali",
        Role::Porteur,
        "le-mans",
        "Mob'In Sarthe",
    ),
    (
        "porteur.sablons@demo.maillage.fr",
        "Julien Perrin",
        Role::Porteur,
        "le-mans",
        "Régie de quartier des Sablons",
    ),
    (
        "coordination.estensemble@demo.maillage.fr",
        "Fatima Ouali",
        Role::Coordinateur,
        "est-ensemble",
        "",
    ),
    (
        "coordination.roubaix@demo.maillage.fr",
        "Thomas Vandamme",
        Role::Coordinateur,
        "roubaix",
        "",
    ),
    (
        "coordination.grenoble@demo.maillage.fr",
        "Émilie Rousset",
        Role::Coordinateur,
        "grenoble",
        "",
    ),
    // The DDETS' co-pilot, who answers for the DDETS' seat.
    (
        "pilote.grenoble@demo.maillage.fr",
        "Olivier Garnier",
        Role::Pilote,
        "grenoble",
        "DDETS de l'Isère",
    ),
    (
        "referent.grenoble@demo.maillage.fr",
        "Samia Bouzid",
        Role::Referent,
        "grenoble",
        "Mission locale de Grenoble",
    ),
    (
        "referent.ft.grenoble@demo.maillage.fr",
        "Vincent Morel",
        Role::Referent,
        "grenoble",
        "France Travail Grenoble",
    ),
];

/// The Angers co-pilot also co-pilots Le Mans (a regional DREETS role),
/// which shows the Cité switcher.
pub const EXTRA_MEMBERSHIP: (&str, Role, &str) =
    ("pilote@demo.maillage.fr", Role::Pilote, "le-mans");
