"""The answer engine's parts that every composer shares: the features of an answer
(`features`), the fitted answerability model (`scoring`), the abstention gates (`gates`),
what the user is told (`messages`) and the policy that applies them (`policy`)."""
