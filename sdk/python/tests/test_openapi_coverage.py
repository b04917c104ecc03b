"""The gateway's openapi.json is the contract: every field and enum value of the intent, status, verdict,
execution report and error schemas has a place in this SDK's types."""
import dataclasses
import json
import os
import re
import unittest

from countersign import ApproverDecision, Caller, CountersignError, ExecutionReport, Intent, MatchedRule, Review, Verdict
from countersign._model import EXECUTION_STATUSES, STATUSES

OPENAPI = os.path.join(os.path.dirname(__file__), "..", "..", "..", "ingest", "src", "main", "resources", "openapi.json")


def snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


class OpenApiCoverageTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        with open(OPENAPI, encoding="utf-8") as f:
            cls.schemas = json.load(f)["components"]["schemas"]

    def covers(self, cls, schema, renamed=None):
        have = {f.name for f in dataclasses.fields(cls)}
        for field in schema["properties"]:
            self.assertIn((renamed or {}).get(field, snake(field)), have, "%s lacks %s" % (cls.__name__, field))

    def test_every_schema_field_has_a_place_in_the_sdk_types(self):
        s = self.schemas
        self.covers(Intent, s["IntentRequest"])
        self.covers(Verdict, s["Verdict"])
        self.covers(ApproverDecision, s["Verdict"]["properties"]["decisions"]["items"])
        self.covers(MatchedRule, s["Verdict"]["properties"]["matchedRules"]["items"])
        self.covers(ExecutionReport, s["ExecutionReport"])
        self.covers(Review, s["Review"])
        self.covers(Caller, s["Caller"])
        # IntentStatus: the id is what submit returns, status what status() returns, the verdict a Verdict, the review what review() returns.
        self.assertEqual({"intentId", "status", "verdict", "review"}, set(s["IntentStatus"]["properties"]))
        error = CountersignError("x", error_code="e", field="f", request_id="r", refused_intent_id="i")
        for field, attribute in {"error": "error_code", "field": "field", "requestId": "request_id", "intentId": "refused_intent_id"}.items():
            self.assertTrue(hasattr(error, attribute), "CountersignError lacks %s" % field)
        self.assertEqual({"error", "message", "field", "requestId", "intentId"}, set(s["Error"]["properties"]))

    def test_every_enum_value_is_known(self):
        self.assertEqual(set(self.schemas["IntentStatus"]["properties"]["status"]["enum"]), set(STATUSES))
        self.assertEqual(set(self.schemas["ExecutionReport"]["properties"]["status"]["enum"]), set(EXECUTION_STATUSES))


if __name__ == "__main__":
    unittest.main()
