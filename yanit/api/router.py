from ninja import NinjaAPI

api = NinjaAPI(title="yanit API", version="1", urls_namespace="api")
