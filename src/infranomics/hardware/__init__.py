"""What an accelerator is: peak throughput by precision, memory, power, interconnect, price."""

from .accelerator import PRECISIONS, Accelerator, get_accelerator, list_accelerators

__all__ = ["PRECISIONS", "Accelerator", "get_accelerator", "list_accelerators"]
