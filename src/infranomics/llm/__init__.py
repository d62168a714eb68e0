"""What an LLM is: parameters, weight bytes, KV-cache bytes and FLOPs from the released config shapes."""

from .architecture import LLM, bytes_per_param, get_model, list_models

__all__ = ["LLM", "bytes_per_param", "get_model", "list_models"]
