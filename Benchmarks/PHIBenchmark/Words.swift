/// Word lists the corpus generator draws from.
enum Words {
    static let common = """
        the of and to in a is that for it as was with be by on not he this are or his from at
        which but have an they you were her she there been one all we their has would when if
        so no will more out up into do any your what some can them other than then now only
        its time also two may first new about over after these could our most made like well
        back even just where see use way many how people work year should great good each
        meeting schedule please review attached update report quarter budget team project
        office supplies delivery order invoice payment account customer service support
        training policy staff benefits parking building room floor network system software
        deadline agenda minutes proposal contract vendor price quote shipment warehouse
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    static let firstNames = """
        James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
        Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony
        Betty Mark Sandra Priya Wei Fatima Carlos Aisha Hiroshi Olga Mateo Ingrid Kwame
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    static let lastNames = """
        Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
        Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris
        Okonkwo Nakamura Brandt Castellanos Solvang Thornquist Valcarcel Dragomir Akers
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    static let streets = ["Harbor", "Elm", "Maple", "Kendall", "Francis", "Oak", "Pine"]

    static let topics = ["Living Well", "Heart Health", "Employee", "Community", "Wellness"]

    static let healthTerms = [
        "type 2 diabetes", "hypertension", "asthma", "COPD", "depression", "migraine",
        "atrial fibrillation", "chronic kidney disease", "osteoarthritis", "pneumonia",
        "colonoscopy", "mammogram", "physical therapy", "blood pressure", "A1c",
    ]

    static let drugs = [
        "metformin", "lisinopril", "atorvastatin", "amlodipine", "levothyroxine", "omeprazole",
        "sertraline", "albuterol", "gabapentin", "insulin glargine",
    ]

    static let icdCodes = ["E11.9", "I10", "J45.909", "N18.4", "F41.1", "M54.50", "K50.90"]
}
