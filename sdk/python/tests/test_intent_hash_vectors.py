"""The shared intent-hash vectors (also checked against the gateway's Java IntentHash) hold for this SDK."""
import json
import os
import unittest

from countersign import canonical_json, intent_hash

VECTORS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "contracts", "src", "test", "resources",
                       "intent-hash-vectors.json")


def fields(i):
    return dict(intent_id=i["intentId"], agent=i["agent"], principal=i["principal"], delegation_chain=i["delegationChain"],
                action=i["action"], targets=i["targets"], parameters=i["parameters"], destination=i.get("destination"),
                environment=i["environment"])


class IntentHashVectorsTest(unittest.TestCase):

    def test_every_vector_gives_the_gateways_canonical_text_and_hash(self):
        with open(VECTORS, encoding="utf-8") as f:
            vectors = json.load(f)["vectors"]
        self.assertGreaterEqual(len(vectors), 7)
        for v in vectors:
            with self.subTest(v["name"]):
                self.assertEqual(v["canonicalJson"], canonical_json(**fields(v["intent"])))
                self.assertEqual(v["sha256"], intent_hash(**fields(v["intent"])))

    def test_non_string_parameters_are_refused_rather_than_hashed_differently(self):
        with open(VECTORS, encoding="utf-8") as f:
            i = json.load(f)["vectors"][0]["intent"]
        with self.assertRaises(TypeError):
            canonical_json(**dict(fields(i), parameters={"rows": 42}))


if __name__ == "__main__":
    unittest.main()
